package fr.presenca.connexion.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * Two organisations side by side: whatever a member of A tries, B's connexions stay invisible and unchanged,
 * because PostgreSQL's row-level security filters every statement the service runs for the caller.
 */
@DisplayName("Isolation between organisations")
class IsolationTest extends IntegrationTest {

    private Fixtures fixtures;
    private UUID organisationA;
    private UUID organisationB;
    private UUID memberOfA;
    private UUID connexionOfA;
    private UUID connexionOfB;

    @BeforeEach
    void setUp() {
        fixtures = new Fixtures(database);
        organisationA = fixtures.organisation("A " + UUID.randomUUID());
        organisationB = fixtures.organisation("B " + UUID.randomUUID());
        memberOfA = fixtures.user(organisationA, false);
        connexionOfA = fixtures.connexion(organisationA, "reseau");
        connexionOfB = fixtures.connexion(organisationB, "reseau");
    }

    private List<String> listedBy(String token, Map<String, Object> filter) {
        return graphQl(token).documentName("connexionPage").variable("filter", filter).variable("first", 100)
                .execute().errors().verify()
                .path("connexions.edges[*].node.id").entityList(String.class).get();
    }

    @Test
    @DisplayName("a member of A reads and lists only A's connexions, even when guessing B's id or filtering on B")
    void memberReadsOnlyOwn() {
        String token = tokens.authenticated(memberOfA);
        graphQl(token).documentName("connexionById").variable("id", connexionOfB.toString())
                .execute().errors().verify().path("connexion").valueIsNull();
        graphQl(token).documentName("connexionById").variable("id", connexionOfA.toString())
                .execute().errors().verify().path("connexion.id").entity(String.class).isEqualTo(connexionOfA.toString());
        assertThat(listedBy(token, Map.of())).contains(connexionOfA.toString()).doesNotContain(connexionOfB.toString())
                .allSatisfy(id -> assertThat(fixtures.snapshot(UUID.fromString(id))).contains(organisationA.toString()));
        assertThat(listedBy(token, Map.of("organisationId", organisationB.toString()))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"update", "setKey", "clearKey", "deactivate", "activate", "delete"})
    @DisplayName("every mutation of a member of A on B's connexion is NOT_FOUND and changes nothing")
    void memberCannotTouchOthers(String operation) {
        String before = fixtures.snapshot(connexionOfB);
        HttpGraphQlTester client = graphQl(tokens.authenticated(memberOfA));
        HttpGraphQlTester.Request<?> request = switch (operation) {
            case "update" -> client.documentName("updateConnexion")
                    .variable("input", Map.of("dailyRequestLimit", 1));
            case "setKey" -> client.documentName("lifecycle").operationName("setKey")
                    .variable("apiKey", "sk-proj-stolen000000000000");
            default -> client.documentName("lifecycle").operationName(operation);
        };
        request.variable("id", connexionOfB.toString()).execute().errors().satisfy(errors ->
                assertThat(errors).singleElement().satisfies(error -> {
                    assertThat(error.getExtensions()).containsEntry("code", "NOT_FOUND");
                    assertThat(error.getMessage()).doesNotContain(organisationB.toString());
                }));
        assertThat(fixtures.snapshot(connexionOfB)).isEqualTo(before);
    }

    @Test
    @DisplayName("a member of A can neither authorize, record usage against, nor read the ledger of B's connexion")
    void memberCannotMeterOthers() {
        String before = fixtures.snapshot(connexionOfB);
        long events = fixtures.count("openai_usage_event");
        HttpGraphQlTester client = graphQl(tokens.authenticated(memberOfA));
        client.document("""
                        mutation($id: ID!) { authorizeRequest(input: {connexionId: $id, model: "gpt-4",
                            idempotencyKey: "steal-1"}) { allowed } }""")
                .variable("id", connexionOfB.toString()).execute().errors().satisfy(errors ->
                        assertThat(errors).singleElement().satisfies(error ->
                                assertThat(error.getExtensions()).containsEntry("code", "NOT_FOUND")));
        client.document("""
                        mutation($id: ID!) { recordUsage(input: {connexionId: $id, model: "gpt-4", inputTokens: 10,
                            outputTokens: 10, idempotencyKey: "steal-2"}) { id } }""")
                .variable("id", connexionOfB.toString()).execute().errors().satisfy(errors ->
                        assertThat(errors).singleElement().satisfies(error ->
                                assertThat(error.getExtensions()).containsEntry("code", "NOT_FOUND")));
        client.document("query($id: ID!) { usageEvents(connexionId: $id) { edges { node { id } } } }")
                .variable("id", connexionOfB.toString()).execute().errors().verify()
                .path("usageEvents.edges").entityList(Object.class).hasSize(0);
        assertThat(fixtures.snapshot(connexionOfB)).isEqualTo(before);
        assertThat(fixtures.count("openai_usage_event")).isEqualTo(events);
    }

    @Test
    @DisplayName("an admin and a service_role token see both organisations")
    void adminAndServiceRoleSeeAll() {
        UUID admin = fixtures.user(null, true);
        for (String token : List.of(tokens.authenticated(admin), tokens.serviceRole(UUID.randomUUID()))) {
            assertThat(listedBy(token, Map.of("organisationId", organisationA.toString())))
                    .containsExactly(connexionOfA.toString());
            assertThat(listedBy(token, Map.of("organisationId", organisationB.toString())))
                    .containsExactly(connexionOfB.toString());
        }
    }

    @Test
    @DisplayName("a user without organisation, or unknown to the directory, sees nothing")
    void nobodySeesNothing() {
        UUID nomad = fixtures.user(null, false);
        assertThat(listedBy(tokens.authenticated(nomad), Map.of())).isEmpty();
        assertThat(listedBy(tokens.authenticated(UUID.randomUUID()), Map.of())).isEmpty();
    }
}
