package fr.presenca.connexion.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

@DisplayName("Managing connexions over GraphQL")
class ConnexionMutationTest extends IntegrationTest {

    private Fixtures fixtures;
    private UUID organisation;
    private UUID otherOrganisation;
    private UUID admin;
    private UUID member;

    @BeforeEach
    void setUp() {
        fixtures = new Fixtures(database);
        organisation = fixtures.organisation("Réseau Atlantique " + UUID.randomUUID());
        otherOrganisation = fixtures.organisation("Réseau Bretagne " + UUID.randomUUID());
        admin = fixtures.user(null, true);
        member = fixtures.user(organisation, false);
    }

    private static Consumer<List<ResponseError>> singleError(String code, String field) {
        return errors -> {
            assertThat(errors).singleElement().satisfies(error -> {
                assertThat(error.getExtensions()).containsEntry("code", code);
                if (field != null) {
                    assertThat(error.getMessage()).contains(field);
                    assertThat(error.getExtensions()).containsEntry("field", field);
                }
            });
        };
    }

    private Map<String, Object> create(String token, Map<String, Object> input) {
        return graphQl(token).documentName("createConnexion").variable("input", input)
                .execute().errors().verify().path("createConnexion").entity(Map.class).get();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> entries(Map<String, Object> connexion) {
        return (List<Map<String, Object>>) ((Map<String, Object>) connexion.get("auditLog")).get("entries");
    }

    @Nested
    @DisplayName("createConnexion")
    class Create {

        @Test
        @DisplayName("an admin creates a connexion in any organisation; omitted fields take the seed defaults")
        void adminCreates() {
            UUID client = UUID.randomUUID();
            Map<String, Object> created = create(tokens.authenticated(admin),
                    Map.of("organisationId", otherOrganisation.toString(), "clientId", client.toString()));

            assertThat(created)
                    .containsEntry("organisationId", otherOrganisation.toString())
                    .containsEntry("clientId", client.toString())
                    .containsEntry("clientType", "RESEAU")
                    .containsEntry("status", "ACTIVE")
                    .containsEntry("active", true)
                    .containsEntry("dailyRequestLimit", null)
                    .containsEntry("dailyUsage", 0)
                    .containsEntry("monthlyCost", "0.0000")
                    .containsEntry("monthlyCostLimit", null)
                    .containsEntry("allowedModels", List.of("gpt-3.5-turbo", "gpt-4"))
                    .containsEntry("hasApiKey", false)
                    .containsEntry("extensions", Map.of())
                    .containsEntry("createdBy", admin.toString())
                    .containsEntry("updatedBy", admin.toString());
            assertThat(created.get("quotaResetAt")).isNotNull();
            assertThat(created.get("monthlyCostResetAt")).isNotNull();
            assertThat(entries(created)).singleElement().satisfies(entry -> assertThat(entry)
                    .containsEntry("action", "created").containsEntry("by", admin.toString()));
            assertThat(fixtures.snapshot(UUID.fromString((String) created.get("id")))).isNotNull();
        }

        @Test
        @DisplayName("every field given at creation round-trips, and the key is never returned")
        void everyFieldRoundTrips() {
            Map<String, Object> input = new HashMap<>();
            input.put("organisationId", organisation.toString());
            input.put("clientType", "AGENCE_INDEPENDANTE");
            input.put("clientId", UUID.randomUUID().toString());
            input.put("apiKey", "sk-proj-roundtrip00000000Zz99");
            input.put("accountEmail", "ia@agence.example");
            input.put("openaiOrganisationId", "org-Round1");
            input.put("openaiProjectId", "proj_Trip2");
            input.put("dailyRequestLimit", 500);
            input.put("monthlyCostLimit", "125.5");
            input.put("allowedModels", List.of("gpt-4o", "gpt-4o-mini"));
            input.put("extensions", Map.of("temperature", 0.3, "persona", "agent immobilier"));

            Map<String, Object> created = create(tokens.authenticated(admin), input);

            assertThat(created)
                    .containsEntry("clientType", "AGENCE_INDEPENDANTE")
                    .containsEntry("hasApiKey", true)
                    .containsEntry("accountEmail", "ia@agence.example")
                    .containsEntry("openaiOrganisationId", "org-Round1")
                    .containsEntry("openaiProjectId", "proj_Trip2")
                    .containsEntry("dailyRequestLimit", 500)
                    .containsEntry("monthlyCostLimit", "125.5000")
                    .containsEntry("allowedModels", List.of("gpt-4o", "gpt-4o-mini"))
                    .containsEntry("extensions", Map.of("temperature", 0.3, "persona", "agent immobilier"));
            assertThat((String) created.get("apiKeyHint")).endsWith("Zz99").doesNotContain("roundtrip");
            assertThat(created.toString()).doesNotContain("sk-proj-roundtrip00000000Zz99");

            Map<String, Object> read = graphQl(tokens.authenticated(member)).documentName("connexionById")
                    .variable("id", created.get("id")).execute().path("connexion").entity(Map.class).get();
            assertThat(read).isEqualTo(created);
        }

        @Test
        @DisplayName("a member without organisationId gets a connexion in their own organisation")
        void memberGetsOwnOrganisation() {
            Map<String, Object> created = create(tokens.authenticated(member),
                    Map.of("clientId", UUID.randomUUID().toString(), "clientType", "RESEAU_AGENCE"));
            assertThat(created).containsEntry("organisationId", organisation.toString())
                    .containsEntry("createdBy", member.toString());
        }

        @Test
        @DisplayName("a member naming another organisation is FORBIDDEN and nothing is written")
        void memberCannotCreateElsewhere() {
            long before = fixtures.count("openai_connexion");
            graphQl(tokens.authenticated(member)).documentName("createConnexion")
                    .variable("input", Map.of("organisationId", otherOrganisation.toString(),
                            "clientId", UUID.randomUUID().toString()))
                    .execute().errors().satisfy(singleError("FORBIDDEN", null));
            assertThat(fixtures.count("openai_connexion")).isEqualTo(before);
        }

        @Test
        @DisplayName("an unknown organisation is a BAD_REQUEST naming organisationId")
        void unknownOrganisation() {
            graphQl(tokens.authenticated(admin)).documentName("createConnexion")
                    .variable("input", Map.of("organisationId", UUID.randomUUID().toString(),
                            "clientId", UUID.randomUUID().toString()))
                    .execute().errors().satisfy(singleError("BAD_REQUEST", "organisationId"));
        }
    }

    static List<Arguments> badUpdates() {
        return List.of(
                Arguments.of("dailyRequestLimit", -1),
                Arguments.of("monthlyCostLimit", "-0.5"),
                Arguments.of("monthlyCostLimit", "10.12345"),
                Arguments.of("monthlyCostLimit", "1000000"),
                Arguments.of("allowedModels", List.of("")),
                Arguments.of("allowedModels", List.of("gpt-4", "gpt-4")),
                Arguments.of("allowedModels", List.of("gpt-4", "  ")),
                Arguments.of("accountEmail", "not-an-email"),
                Arguments.of("accountEmail", "x".repeat(1_000_000) + "@example.org"),
                Arguments.of("openaiOrganisationId", "organisation-42"),
                Arguments.of("openaiProjectId", "project42"),
                Arguments.of("clientId", "not-a-uuid"),
                Arguments.of("extensions", List.of(1, 2)),
                Arguments.of("apiKey", "short"));
    }

    @Nested
    @DisplayName("updateConnexion")
    class Update {

        private UUID id;

        @BeforeEach
        void createOne() {
            id = fixtures.connexion(organisation, "reseau");
            fixtures.update(id, "openai_email_compte = 'ancien@agence.example', openai_limite_quotidienne = 10");
        }

        @Test
        @SuppressWarnings("unchecked")
        @DisplayName("changes only the given fields, clears explicit nulls and journals the change")
        void partialUpdate() {
            Map<String, Object> input = new HashMap<>();
            input.put("monthlyCostLimit", 99.5);
            input.put("accountEmail", null);
            input.put("allowedModels", List.of("gpt-4.1"));
            Map<String, Object> updated = graphQl(tokens.authenticated(member)).documentName("updateConnexion")
                    .variable("id", id.toString()).variable("input", input)
                    .execute().errors().verify().path("updateConnexion").entity(Map.class).get();

            assertThat(updated)
                    .containsEntry("monthlyCostLimit", "99.5000")
                    .containsEntry("accountEmail", null)
                    .containsEntry("allowedModels", List.of("gpt-4.1"))
                    .containsEntry("dailyRequestLimit", 10)
                    .containsEntry("clientType", "RESEAU")
                    .containsEntry("updatedBy", member.toString());
            assertThat(entries(updated)).last().satisfies(entry -> {
                assertThat(entry).containsEntry("action", "updated").containsEntry("by", member.toString());
                assertThat((List<Object>) entry.get("fields"))
                        .containsExactlyInAnyOrder("monthlyCostLimit", "accountEmail", "allowedModels");
            });
        }

        @ParameterizedTest(name = "{0} = {1}")
        @MethodSource("fr.presenca.connexion.bootstrap.ConnexionMutationTest#badUpdates")
        @DisplayName("a bad value is a BAD_REQUEST naming the field, and the row is unchanged")
        void badInput(String field, Object value) {
            String before = fixtures.snapshot(id);
            Map<String, Object> input = new HashMap<>();
            input.put(field, value);
            graphQl(tokens.authenticated(admin)).documentName("updateConnexion")
                    .variable("id", id.toString()).variable("input", input)
                    .execute().errors().satisfy(errors -> {
                        assertThat(errors).isNotEmpty().allSatisfy(error -> {
                            assertThat(error.getExtensions()).containsEntry("code", "BAD_REQUEST");
                            assertThat(error.getMessage()).contains(field);
                        });
                        assertThat(errors.toString()).doesNotContain("x".repeat(100));
                    });
            assertThat(fixtures.snapshot(id)).isEqualTo(before);
        }

        @Test
        @DisplayName("an unknown client type is refused before anything runs")
        void unknownClientType() {
            String before = fixtures.snapshot(id);
            graphQl(tokens.authenticated(admin)).documentName("updateConnexion")
                    .variable("id", id.toString()).variable("input", Map.of("clientType", "FRANCHISE"))
                    .execute().errors().satisfy(errors -> assertThat(errors).isNotEmpty().allSatisfy(error -> {
                        assertThat(error.getExtensions()).containsEntry("code", "BAD_REQUEST");
                        assertThat(error.getMessage()).contains("clientType");
                    }));
            assertThat(fixtures.snapshot(id)).isEqualTo(before);
        }

        @Test
        @DisplayName("a connexion of another organisation is NOT_FOUND for a member, and unchanged")
        void otherOrganisationIsInvisible() {
            UUID foreign = fixtures.connexion(otherOrganisation, "reseau");
            String before = fixtures.snapshot(foreign);
            graphQl(tokens.authenticated(member)).documentName("updateConnexion")
                    .variable("id", foreign.toString()).variable("input", Map.of("dailyRequestLimit", 1))
                    .execute().errors().satisfy(singleError("NOT_FOUND", null));
            assertThat(fixtures.snapshot(foreign)).isEqualTo(before);
        }
    }

    @Nested
    @DisplayName("keys, lifecycle and deletion")
    class KeysAndLifecycle {

        private UUID id;

        @BeforeEach
        void createOne() {
            id = fixtures.connexion(organisation, "reseau");
        }

        @Test
        @DisplayName("setApiKey stores a key that only shows as a hint; clearApiKey removes it")
        void keys() {
            HttpGraphQlTester client = graphQl(tokens.authenticated(member));
            Map<String, Object> set = client.documentName("lifecycle").operationName("setKey")
                    .variable("id", id.toString()).variable("apiKey", "sk-proj-secretvalue1234567XyZ9")
                    .execute().errors().verify().path("setApiKey").entity(Map.class).get();
            assertThat(set).containsEntry("hasApiKey", true);
            assertThat((String) set.get("apiKeyHint")).endsWith("XyZ9").doesNotContain("secretvalue");
            assertThat(set.toString()).doesNotContain("secretvalue");
            assertThat(entries(set)).last().satisfies(entry -> assertThat(entry)
                    .containsEntry("action", "api_key_set").containsEntry("fields", List.of("apiKey")));
            String stored = database.sql("select openai_api_key from openai_connexion where openai_connexion_id = $1")
                    .bind(0, id).map(row -> row.get(0, String.class)).one().block();
            assertThat(stored).startsWith("enc:v1:").doesNotContain("secretvalue").doesNotContain("XyZ9");
            // Read back through the service: the hint comes from the decrypted key.
            client.documentName("connexionById").variable("id", id.toString()).execute()
                    .path("connexion.apiKeyHint").entity(String.class).isEqualTo((String) set.get("apiKeyHint"));

            client.documentName("lifecycle").operationName("clearKey").variable("id", id.toString())
                    .execute().errors().verify()
                    .path("clearApiKey.hasApiKey").entity(Boolean.class).isEqualTo(false)
                    .path("clearApiKey.apiKeyHint").valueIsNull();
        }

        @Test
        @DisplayName("deactivate then activate walks the lifecycle; activating an active connexion is a CONFLICT")
        void lifecycle() {
            HttpGraphQlTester client = graphQl(tokens.authenticated(member));
            client.documentName("lifecycle").operationName("activate").variable("id", id.toString())
                    .execute().errors().satisfy(singleError("CONFLICT", null));

            client.documentName("lifecycle").operationName("deactivate").variable("id", id.toString())
                    .variable("reason", "contrat suspendu")
                    .execute().errors().verify()
                    .path("deactivateConnexion.status").entity(String.class).isEqualTo("INACTIVE")
                    .path("deactivateConnexion.active").entity(Boolean.class).isEqualTo(false);

            Map<String, Object> activated = client.documentName("lifecycle").operationName("activate")
                    .variable("id", id.toString())
                    .execute().errors().verify().path("activateConnexion").entity(Map.class).get();
            assertThat(activated).containsEntry("status", "ACTIVE").containsEntry("active", true);
            assertThat(entries(activated)).extracting(entry -> entry.get("action"))
                    .containsExactly("deactivated", "activated");
            assertThat(entries(activated).get(0)).containsEntry("detail", "contrat suspendu");
        }

        @Test
        @DisplayName("deleteConnexion answers the id, then the connexion is gone")
        void delete() {
            HttpGraphQlTester client = graphQl(tokens.authenticated(member));
            client.documentName("lifecycle").operationName("delete").variable("id", id.toString())
                    .execute().errors().verify().path("deleteConnexion").entity(String.class).isEqualTo(id.toString());
            client.documentName("connexionById").variable("id", id.toString())
                    .execute().errors().verify().path("connexion").valueIsNull();
            client.documentName("lifecycle").operationName("delete").variable("id", id.toString())
                    .execute().errors().satisfy(singleError("NOT_FOUND", null));
        }

        @Test
        @DisplayName("a member cannot delete another organisation's connexion")
        void cannotDeleteForeign() {
            UUID foreign = fixtures.connexion(otherOrganisation, "reseau");
            graphQl(tokens.authenticated(member)).documentName("lifecycle").operationName("delete")
                    .variable("id", foreign.toString())
                    .execute().errors().satisfy(singleError("NOT_FOUND", null));
            assertThat(fixtures.snapshot(foreign)).isNotNull();
        }
    }
}
