package fr.presenca.connexion.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@DisplayName("GraphQL over HTTP conventions, protections and concurrency")
class ApiConventionsTest extends IntegrationTest {

    private static final MediaType GRAPHQL_RESPONSE = MediaType.parseMediaType("application/graphql-response+json");

    @Value("${spring.liquibase.url}")
    private String jdbcUrl;

    private WebTestClient.RequestBodySpec post(String token) {
        return http().post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .accept(GRAPHQL_RESPONSE).header("Authorization", "Bearer " + token);
    }

    @Test
    @DisplayName("answers with application/graphql-response+json")
    void mediaType() {
        post(tokens.authenticated(UUID.randomUUID())).bodyValue(Map.of("query", "{ organisations { id } }"))
                .exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(GRAPHQL_RESPONSE);
    }

    @Test
    @DisplayName("a query can also be sent with GET")
    void getQuery() {
        http().get().uri(uri -> uri.path("/graphql").queryParam("query", "{query}").build("{ organisations { id } }"))
                .accept(GRAPHQL_RESPONSE)
                .header("Authorization", "Bearer " + tokens.authenticated(UUID.randomUUID()))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.data.organisations").isArray();
    }

    @Test
    @DisplayName("a mutation sent with GET is refused with 405")
    void getMutationRefused() {
        http().get().uri(uri -> uri.path("/graphql").queryParam("query", "{query}")
                        .build("mutation { createOrganisation(input: {name: \"GET\"}) { id } }"))
                .header("Authorization", "Bearer " + tokens.authenticated(UUID.randomUUID()))
                .exchange().expectStatus().isEqualTo(405);
    }

    @Test
    @DisplayName("an unparsable document is HTTP 400 with a BAD_REQUEST error")
    void unparsable() {
        post(tokens.authenticated(UUID.randomUUID())).bodyValue(Map.of("query", "{ connexions { "))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].extensions.code").isEqualTo("BAD_REQUEST");
    }

    @Test
    @DisplayName("a request body above the 2 MB limit is refused with 413 before any parsing")
    void bodyTooLarge() {
        post(tokens.authenticated(UUID.randomUUID()))
                .bodyValue(Map.of("query", "{ organisations { id } }", "variables", Map.of("padding", "x".repeat(3_000_000))))
                .exchange().expectStatus().isEqualTo(413);
    }

    @Test
    @DisplayName("PRESENCA_BOOTSTRAP_ADMIN_ID is a PRESENCA admin at start-up and can manage the directory")
    void bootstrapAdministrator() {
        Boolean admin = database.sql("select admin_presenca from users where users_id = $1")
                .bind(0, UUID.fromString(BOOTSTRAP_ADMIN_ID)).map(row -> row.get(0, Boolean.class)).one().block();
        assertThat(admin).isTrue();
        graphQl(tokens.authenticated(UUID.fromString(BOOTSTRAP_ADMIN_ID))).documentName("directory")
                .operationName("createOrganisation").variable("name", "Bootstrap " + UUID.randomUUID())
                .execute().errors().verify().path("createOrganisation.id").hasValue();
    }

    @Test
    @DisplayName("the full introspection query (what GraphiQL sends) passes the depth and complexity limits")
    void introspectionAllowed() {
        post(tokens.authenticated(UUID.randomUUID()))
                .bodyValue(Map.of("query", graphql.introspection.IntrospectionQuery.INTROSPECTION_QUERY))
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.errors").doesNotExist()
                .jsonPath("$.data.__schema.queryType.name").isEqualTo("Query")
                .jsonPath("$.data.__schema.subscriptionType.name").isEqualTo("Subscription");
    }

    @Test
    @DisplayName("a query nested deeper than allowed is refused with BAD_REQUEST")
    void tooDeep() {
        // Deeper than the limit of 20: nothing legitimate nests this far, not even GraphiQL's introspection.
        String deep = "{ __schema { types { fields { type " + "{ ofType ".repeat(25) + "{ name }"
                + " }".repeat(25) + " } } } }";
        post(tokens.authenticated(UUID.randomUUID())).bodyValue(Map.of("query", deep))
                .exchange()
                .expectBody()
                .jsonPath("$.data.__schema").doesNotExist()
                .jsonPath("$.errors[0].extensions.code").isEqualTo("BAD_REQUEST");
    }

    @Test
    @DisplayName("the audit journal keeps only the latest 100 entries")
    void auditJournalIsBounded() {
        Fixtures fixtures = new Fixtures(database);
        UUID admin = fixtures.user(null, true);
        UUID id = fixtures.connexion(fixtures.organisation("Journal " + UUID.randomUUID()), "reseau");
        var client = graphQl(tokens.authenticated(admin));
        for (int limit = 1; limit <= 105; limit++) {
            client.documentName("updateConnexion").variable("id", id.toString())
                    .variable("input", Map.of("dailyRequestLimit", limit)).execute().errors().verify();
        }
        List<Integer> limits = new ArrayList<>();
        database.sql("select e ->> 'action' as action from openai_connexion c,"
                        + " jsonb_array_elements(c.openai_audit_log -> 'entries') e where openai_connexion_id = $1")
                .bind(0, id).map(row -> row.get("action", String.class)).all()
                .doOnNext(action -> assertThat(action).isEqualTo("updated"))
                .collectList()
                .doOnNext(actions -> limits.add(actions.size()))
                .block();
        assertThat(limits).containsExactly(100);
    }

    @Test
    @DisplayName("two concurrent updates of the same field: exactly one succeeds, the other gets CONFLICT")
    void concurrentUpdatesConflict() throws Exception {
        Fixtures fixtures = new Fixtures(database);
        UUID admin = fixtures.user(null, true);
        UUID id = fixtures.connexion(fixtures.organisation("Concurrence " + UUID.randomUUID()), "reseau");
        String token = tokens.authenticated(admin);
        List<String> codes = Collections.synchronizedList(new ArrayList<>());

        try (Connection lock = DriverManager.getConnection(jdbcUrl, "postgres", "");
             Connection observer = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            holdRow(lock, id); // so that both updates have read it before either can write
            Mono<Void> both = Flux.just(10, 20)
                    .flatMap(limit -> webClientPost(token, Map.of("query",
                            "mutation($id: ID!, $l: Int) { updateConnexion(id: $id, input: {dailyRequestLimit: $l}) { id } }",
                            "variables", Map.of("id", id.toString(), "l", limit))))
                    .doOnNext(codes::add)
                    .then();
            var running = both.toFuture();
            try {
                awaitBlockedUpdates(observer, 2);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + " answers so far: " + codes);
            }
            lock.commit();
            running.get();
        }
        assertThat(codes).containsExactlyInAnyOrder("OK", "CONFLICT");
    }

    @Test
    @DisplayName("an edit of another field that waits behind an authorization applying a due daily reset succeeds")
    void editBehindDueResetAuthorizationSucceeds() throws Exception {
        Fixtures fixtures = new Fixtures(database);
        UUID organisation = fixtures.organisation("Remise à zéro " + UUID.randomUUID());
        String token = tokens.authenticated(fixtures.user(organisation, false));
        UUID id = fixtures.connexion(organisation, "reseau");
        fixtures.update(id, "openai_modeles_autorises = '{gpt-4o-mini}', openai_limite_quotidienne = 10,"
                + " openai_usage_quotidien = 7, openai_reset_quota_at = now() - interval '1 hour'");
        List<String> answers = Collections.synchronizedList(new ArrayList<>());

        try (Connection lock = DriverManager.getConnection(jdbcUrl, "postgres", "");
             Connection observer = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            holdRow(lock, id);
            // The authorization queues for the row first, then the edit (it has read the row as it was: reset due).
            var authorization = webClientPost(token, Map.of("query",
                    "mutation($id: ID!) { authorizeRequest(input: {connexionId: $id, model: \"gpt-4o-mini\","
                            + " idempotencyKey: \"reset-race\"}) { allowed } }", "variables", Map.of("id", id.toString())))
                    .doOnNext(code -> answers.add("authorize " + code)).toFuture();
            // (any statement: the decision's text is longer than what pg_stat_activity keeps of it)
            awaitWaiting(observer, "%", 1);
            var edit = webClientPost(token, Map.of("query",
                    "mutation($id: ID!) { updateConnexion(id: $id, input: {accountEmail: \"ops@reset.example\"}) { id } }",
                    "variables", Map.of("id", id.toString())))
                    .doOnNext(code -> answers.add("edit " + code)).toFuture();
            awaitWaiting(observer, "%", 2);
            lock.commit();
            authorization.get();
            edit.get();
        }
        assertThat(answers).containsExactlyInAnyOrder("authorize OK", "edit OK");
        try (Connection check = DriverManager.getConnection(jdbcUrl, "postgres", "");
             PreparedStatement row = check.prepareStatement("select openai_usage_quotidien, openai_email_compte,"
                     + " openai_reset_quota_at > now() from openai_connexion where openai_connexion_id = ?")) {
            row.setObject(1, id);
            try (ResultSet stored = row.executeQuery()) {
                stored.next();
                assertThat(stored.getInt(1)).as("the reset applied, then one request").isEqualTo(1);
                assertThat(stored.getString(2)).isEqualTo("ops@reset.example");
                assertThat(stored.getBoolean(3)).as("the next reset is ahead").isTrue();
            }
        }
    }

    private Mono<String> webClientPost(String token, Map<String, Object> body) {
        return org.springframework.web.reactive.function.client.WebClient.create("http://localhost:" + port)
                .post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .header("Authorization", "Bearer " + token).bodyValue(body)
                .retrieve().bodyToMono(Map.class)
                .map(response -> response.get("errors") == null ? "OK"
                        : String.valueOf(((Map<?, ?>) ((Map<?, ?>) ((List<?>) response.get("errors")).get(0))
                        .get("extensions")).get("code")));
    }

    /** Locks the connexion's row in a transaction of {@code lock}'s until it commits. */
    private static void holdRow(Connection lock, UUID id) throws Exception {
        lock.setAutoCommit(false);
        try (PreparedStatement select = lock.prepareStatement(
                "select 1 from openai_connexion where openai_connexion_id = ? for update")) {
            select.setObject(1, id);
            select.executeQuery().close();
        }
    }

    private static void awaitBlockedUpdates(Connection connection, int count) throws Exception {
        awaitWaiting(connection, "%update openai_connexion%", count);
    }

    /**
     * Waits (bounded) until PostgreSQL shows {@code count} statements like {@code pattern} waiting for a lock.
     * Polls from its own autocommit connection: inside a transaction pg_stat_activity is a frozen snapshot.
     */
    private static void awaitWaiting(Connection connection, String pattern, int count) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        try (PreparedStatement waiting = connection.prepareStatement("""
                select count(*) from pg_stat_activity
                 where wait_event_type = 'Lock' and query ilike ?
                   and pid <> pg_backend_pid()""")) {
            waiting.setString(1, pattern);
            while (System.nanoTime() < deadline) {
                try (ResultSet rows = waiting.executeQuery()) {
                    rows.next();
                    if (rows.getInt(1) >= count) {
                        return;
                    }
                }
                java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
            }
        }
        throw new AssertionError("the statements like " + pattern + " never reached the lock");
    }
}
