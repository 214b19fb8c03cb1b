package fr.presenca.connexion.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

@DisplayName("Reading connexions over GraphQL")
class ConnexionQueryTest extends IntegrationTest {

    private Fixtures fixtures;
    private UUID organisation;
    private UUID admin;

    @BeforeEach
    void setUp() {
        fixtures = new Fixtures(database);
        organisation = fixtures.organisation("Agence du Port " + UUID.randomUUID());
        admin = fixtures.user(null, true);
    }

    @Nested
    @DisplayName("connexion(id)")
    class ById {

        @Test
        @DisplayName("returns every field of a stored row, with the seed's defaults and no key")
        void returnsEveryField() {
            UUID id = fixtures.connexion(organisation, "reseau_agence");
            fixtures.update(id, "openai_email_compte = 'ia@agence.example', openai_organisation_id = 'org-Abc123',"
                    + " openai_project_id = 'proj_X1', openai_limite_quotidienne = 250, openai_usage_quotidien = 12,"
                    + " openai_limite_cout_mois = 40.5, openai_cout_actuel_mois = 1.25,"
                    + " openai_ia_extensions = '{\"temperature\": 0.2}'");

            Map<String, Object> connexion = graphQl(tokens.authenticated(admin))
                    .documentName("connexionById").variable("id", id.toString())
                    .execute().errors().verify()
                    .path("connexion").entity(Map.class).get();

            assertThat(connexion)
                    .containsEntry("id", id.toString())
                    .containsEntry("organisationId", organisation.toString())
                    .containsEntry("clientType", "RESEAU_AGENCE")
                    .containsEntry("hasApiKey", false)
                    .containsEntry("apiKeyHint", null)
                    .containsEntry("accountEmail", "ia@agence.example")
                    .containsEntry("openaiOrganisationId", "org-Abc123")
                    .containsEntry("openaiProjectId", "proj_X1")
                    .containsEntry("active", true)
                    .containsEntry("status", "ACTIVE")
                    .containsEntry("dailyRequestLimit", 250)
                    .containsEntry("dailyUsage", 12)
                    .containsEntry("allowedModels", List.of("gpt-3.5-turbo", "gpt-4"))
                    .containsEntry("monthlyCost", "1.2500")
                    .containsEntry("monthlyCostLimit", "40.5000")
                    .containsEntry("auditLog", Map.of())
                    .containsEntry("extensions", Map.of("temperature", 0.2));
            assertThat((String) connexion.get("createdAt")).matches("\\d{4}-\\d\\d-\\d\\dT.*(Z|[+-]\\d\\d:\\d\\d)");
            assertThat(connexion).doesNotContainKey("apiKey");
        }

        @Test
        @DisplayName("shows only a hint of a stored key")
        void showsOnlyAHint() {
            UUID id = fixtures.connexion(organisation, "reseau");
            fixtures.update(id, "openai_api_key = 'sk-test-0000000000000000Ab12'");

            Map<String, Object> connexion = graphQl(tokens.authenticated(admin))
                    .documentName("connexionById").variable("id", id.toString())
                    .execute().path("connexion").entity(Map.class).get();

            assertThat(connexion).containsEntry("hasApiKey", true);
            assertThat((String) connexion.get("apiKeyHint")).endsWith("Ab12").doesNotContain("0000");
        }

        @Test
        @DisplayName("answers null for an id that does not exist")
        void nullWhenAbsent() {
            graphQl(tokens.authenticated(admin))
                    .documentName("connexionById").variable("id", UUID.randomUUID().toString())
                    .execute().errors().verify().path("connexion").valueIsNull();
        }

        @Test
        @DisplayName("rejects a malformed id with BAD_REQUEST naming the argument")
        void malformedId() {
            graphQl(tokens.authenticated(admin))
                    .documentName("connexionById").variable("id", "not-a-uuid")
                    .execute().errors().satisfy(errors -> {
                        assertThat(errors).hasSize(1);
                        assertThat(errors.get(0).getExtensions()).containsEntry("code", "BAD_REQUEST");
                        assertThat(errors.get(0).getMessage()).contains("id");
                    });
        }
    }

    @Nested
    @DisplayName("connexions(filter, first, after)")
    class Listing {

        @Test
        @DisplayName("walks every connexion of an organisation once, in creation order, page by page")
        void paginates() {
            List<UUID> created = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                created.add(fixtures.connexion(organisation, "reseau"));
            }
            HttpGraphQlTester client = graphQl(tokens.authenticated(admin));
            Map<String, Object> filter = Map.of("organisationId", organisation.toString());

            List<String> seen = new ArrayList<>();
            String after = null;
            int pages = 0;
            boolean hasNext = true;
            while (hasNext) {
                HttpGraphQlTester.Response response = client.documentName("connexionPage")
                        .variable("filter", filter).variable("first", 2).variable("after", after)
                        .execute();
                response.errors().verify();
                seen.addAll(response.path("connexions.edges[*].node.id").entityList(String.class).get());
                hasNext = response.path("connexions.pageInfo.hasNextPage").entity(Boolean.class).get();
                after = response.path("connexions.pageInfo.endCursor").entity(String.class).get();
                pages++;
            }
            assertThat(pages).isEqualTo(3);
            assertThat(seen).containsExactlyElementsOf(created.stream().map(UUID::toString).toList());
        }

        @Test
        @DisplayName("filters on client type, status and active flag together")
        void filters() {
            UUID agency = fixtures.connexion(organisation, "agence_independante");
            UUID network = fixtures.connexion(organisation, "reseau");
            UUID inactive = fixtures.connexion(organisation, "agence_independante");
            fixtures.update(inactive, "openai_actif = false, openai_statut_connexion = 'inactive'");

            List<String> ids = graphQl(tokens.authenticated(admin)).documentName("connexionPage")
                    .variable("filter", Map.of("organisationId", organisation.toString(),
                            "clientType", "AGENCE_INDEPENDANTE", "status", "ACTIVE", "active", true))
                    .execute().path("connexions.edges[*].node.id").entityList(String.class).get();

            assertThat(ids).containsExactly(agency.toString()).doesNotContain(network.toString(), inactive.toString());
        }

        @Test
        @DisplayName("caps the page size at 100")
        void capsPageSize() {
            for (int i = 0; i < 101; i++) {
                fixtures.connexion(organisation, "reseau");
            }
            HttpGraphQlTester.Response response = graphQl(tokens.authenticated(admin)).documentName("connexionPage")
                    .variable("filter", Map.of("organisationId", organisation.toString())).variable("first", 500)
                    .execute();
            assertThat(response.path("connexions.edges").entityList(Object.class).get()).hasSize(100);
            response.path("connexions.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true);
        }

        @Test
        @DisplayName("rejects a forged cursor and an unknown enum value with BAD_REQUEST")
        void rejectsBadArguments() {
            graphQl(tokens.authenticated(admin)).documentName("connexionPage").variable("after", "garbage")
                    .execute().errors().satisfy(errors -> assertThat(errors).singleElement()
                            .satisfies(e -> assertThat(e.getExtensions()).containsEntry("code", "BAD_REQUEST")));
            graphQl(tokens.authenticated(admin)).documentName("connexionPage")
                    .variable("filter", Map.of("clientType", "FRANCHISE"))
                    .execute().errors().satisfy(errors -> assertThat(errors).isNotEmpty()
                            .allSatisfy(e -> assertThat(e.getExtensions()).containsEntry("code", "BAD_REQUEST")));
        }
    }
}
