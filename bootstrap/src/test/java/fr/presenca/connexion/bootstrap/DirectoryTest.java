package fr.presenca.connexion.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The standalone directory")
class DirectoryTest extends IntegrationTest {

    private Fixtures fixtures;
    private UUID admin;
    private UUID organisation;
    private UUID member;

    @BeforeEach
    void setUp() {
        fixtures = new Fixtures(database);
        admin = fixtures.user(null, true);
        organisation = fixtures.organisation("Annuaire " + UUID.randomUUID());
        member = fixtures.user(organisation, false);
    }

    @Test
    @DisplayName("an admin creates an organisation and a user whose id then authenticates as a member")
    void adminCreatesOrganisationAndUser() {
        var client = graphQl(tokens.authenticated(admin));
        String created = client.documentName("directory").operationName("createOrganisation")
                .variable("name", "  Réseau Sud  ").execute().errors().verify()
                .path("createOrganisation.name").entity(String.class).isEqualTo("Réseau Sud")
                .path("createOrganisation.id").entity(String.class).get();
        Map<String, Object> user = client.documentName("directory").operationName("createUser")
                .variable("input", Map.of("organisationId", created, "email", "agent-" + UUID.randomUUID() + "@sud.example"))
                .execute().errors().verify().path("createUser").entity(Map.class).get();
        assertThat(user).containsEntry("organisationId", created).containsEntry("adminPresenca", false);

        List<String> seen = graphQl(tokens.authenticated(UUID.fromString((String) user.get("id"))))
                .documentName("directory").operationName("organisations").execute().errors().verify()
                .path("organisations[*].id").entityList(String.class).get();
        assertThat(seen).containsExactly(created);
    }

    @Test
    @DisplayName("a member sees only their organisation and may not write the directory")
    void memberIsReadOnly() {
        var client = graphQl(tokens.authenticated(member));
        assertThat(client.documentName("directory").operationName("organisations").execute().errors().verify()
                .path("organisations[*].id").entityList(String.class).get()).containsExactly(organisation.toString());
        long organisations = fixtures.count("organisations");
        client.documentName("directory").operationName("createOrganisation").variable("name", "Pirate")
                .execute().errors().satisfy(errors -> assertThat(errors).singleElement()
                        .satisfies(e -> assertThat(e.getExtensions()).containsEntry("code", "FORBIDDEN")));
        client.documentName("directory").operationName("createUser")
                .variable("input", Map.of("organisationId", organisation.toString(), "email", "intrus@a.example",
                        "adminPresenca", true))
                .execute().errors().satisfy(errors -> assertThat(errors).singleElement()
                        .satisfies(e -> assertThat(e.getExtensions()).containsEntry("code", "FORBIDDEN")));
        assertThat(fixtures.count("organisations")).isEqualTo(organisations);
    }

    @Test
    @DisplayName("bad directory input is refused with the field named: blank name, bad e-mail, unknown organisation, taken e-mail")
    void badInput() {
        var client = graphQl(tokens.authenticated(admin));
        client.documentName("directory").operationName("createOrganisation").variable("name", "   ")
                .execute().errors().satisfy(errors -> assertThat(errors).singleElement().satisfies(e -> {
                    assertThat(e.getExtensions()).containsEntry("code", "BAD_REQUEST").containsEntry("field", "name");
                }));
        client.documentName("directory").operationName("createUser")
                .variable("input", Map.of("organisationId", organisation.toString(), "email", "pas-un-email"))
                .execute().errors().satisfy(errors -> assertThat(errors).singleElement().satisfies(e ->
                        assertThat(e.getExtensions()).containsEntry("code", "BAD_REQUEST").containsEntry("field", "email")));
        client.documentName("directory").operationName("createUser")
                .variable("input", Map.of("organisationId", UUID.randomUUID().toString(), "email", "x@y.example"))
                .execute().errors().satisfy(errors -> assertThat(errors).singleElement().satisfies(e ->
                        assertThat(e.getExtensions()).containsEntry("code", "BAD_REQUEST")
                                .containsEntry("field", "organisationId")));
        String email = "double-" + UUID.randomUUID() + "@a.example";
        client.documentName("directory").operationName("createUser")
                .variable("input", Map.of("organisationId", organisation.toString(), "email", email))
                .execute().errors().verify();
        client.documentName("directory").operationName("createUser")
                .variable("input", Map.of("organisationId", organisation.toString(), "email", email))
                .execute().errors().satisfy(errors -> assertThat(errors).singleElement().satisfies(e ->
                        assertThat(e.getExtensions()).containsEntry("code", "CONFLICT")));
    }
}
