package fr.presenca.connexion.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.graphql.client.ClientGraphQlResponse;
import org.springframework.graphql.client.WebSocketGraphQlClient;
import org.springframework.graphql.client.WebSocketGraphQlClientInterceptor;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;

/** The connexionChanges subscription over WebSocket, fed by PostgreSQL notifications. */
@DisplayName("Watching connexion changes")
class ConnexionChangesTest extends IntegrationTest {

    private static final String SUBSCRIPTION =
            "subscription { connexionChanges { connexionId organisationId operation status at } }";

    @Value("${spring.liquibase.url}")
    private String jdbcUrl;

    private Fixtures fixtures;
    private UUID admin;

    @BeforeEach
    void setUp() {
        fixtures = new Fixtures(database);
        admin = fixtures.user(null, true);
    }

    private WebSocketGraphQlClient webSocket(String token) {
        var builder = WebSocketGraphQlClient.builder("ws://localhost:" + port + "/graphql", new ReactorNettyWebSocketClient());
        if (token != null) {
            builder.interceptor(new WebSocketGraphQlClientInterceptor() {
                @Override
                public reactor.core.publisher.Mono<Object> connectionInitPayload() {
                    return reactor.core.publisher.Mono.just(Map.of("Authorization", "Bearer " + token));
                }
            });
        }
        return builder.build();
    }

    @SuppressWarnings("unchecked")
    private CompletableFuture<Map<String, Object>> firstChange(WebSocketGraphQlClient client) {
        return client.document(SUBSCRIPTION).executeSubscription()
                .map(response -> (Map<String, Object>) response.field("connexionChanges").toEntity(Map.class))
                .next()
                .toFuture();
    }

    @Test
    @DisplayName("a member is told of their organisation's changes and never of another's")
    void memberSeesOnlyOwnChanges() throws Exception {
        UUID organisationA = fixtures.organisation("Watch A " + UUID.randomUUID());
        UUID organisationB = fixtures.organisation("Watch B " + UUID.randomUUID());
        UUID connexionOfA = fixtures.connexion(organisationA, "reseau");
        UUID connexionOfB = fixtures.connexion(organisationB, "reseau");
        WebSocketGraphQlClient client = webSocket(tokens.authenticated(fixtures.user(organisationB, false)));
        Instant since = Instant.now();
        try {
            CompletableFuture<Map<String, Object>> first = firstChange(client);
            awaitListening(since);

            // A's change commits first: had it leaked, it would be the first one B's member hears of.
            graphQl(tokens.authenticated(admin)).documentName("updateConnexion")
                    .variable("id", connexionOfA.toString()).variable("input", Map.of("dailyRequestLimit", 7))
                    .execute().errors().verify();
            graphQl(tokens.authenticated(admin)).documentName("lifecycle").operationName("deactivate")
                    .variable("id", connexionOfB.toString()).execute().errors().verify();

            assertThat(first.get(20, TimeUnit.SECONDS))
                    .containsEntry("connexionId", connexionOfB.toString())
                    .containsEntry("organisationId", organisationB.toString())
                    .containsEntry("operation", "UPDATED")
                    .containsEntry("status", "INACTIVE");
        } finally {
            client.stop().block(Duration.ofSeconds(5));
        }
    }

    @Test
    @DisplayName("a subscription without a token in connection_init is refused")
    void unauthenticatedRefused() {
        WebSocketGraphQlClient client = webSocket(null);
        try {
            CompletableFuture<Map<String, Object>> first = firstChange(client);
            assertThat(first).failsWithin(Duration.ofSeconds(20));
        } finally {
            client.stop().block(Duration.ofSeconds(5));
        }
    }

    @Test
    @DisplayName("a subscription above the complexity limit is refused with BAD_REQUEST")
    void tooComplexRefused() {
        // connexionChanges and 1000 aliases of one of its fields: 1001 fields, through one fragment.
        String document = "subscription { connexionChanges { ...Times } } fragment Times on ConnexionChange {"
                + IntStream.range(0, 1000).mapToObj(i -> " at" + i + ": at").collect(Collectors.joining()) + " }";
        WebSocketGraphQlClient client = webSocket(tokens.authenticated(admin));
        try {
            // The refusal is the subscription's one and only answer, then it completes.
            List<ClientGraphQlResponse> answers = client.document(document).executeSubscription()
                    .collectList().block(Duration.ofSeconds(20));
            assertThat(answers).singleElement().satisfies(answer -> {
                assertThat(answer.isValid()).isFalse();
                assertThat(answer.getErrors()).singleElement().satisfies(error -> {
                    assertThat(error.getMessage()).isEqualTo("maximum query complexity exceeded 1001 > 1000");
                    assertThat(error.getExtensions()).containsEntry("code", "BAD_REQUEST");
                });
            });
        } finally {
            client.stop().block(Duration.ofSeconds(5));
        }
    }

    /** Waits (bounded) until a session opened after {@code since} is listening on the change channel. */
    private void awaitListening(Instant since) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        try (Connection observer = DriverManager.getConnection(jdbcUrl, "postgres", "");
             PreparedStatement listening = observer.prepareStatement("""
                     select count(*) from pg_stat_activity
                      where query = 'LISTEN openai_connexion_changes' and backend_start >= ?""")) {
            listening.setTimestamp(1, Timestamp.from(since.minusSeconds(1)));
            while (System.nanoTime() < deadline) {
                try (ResultSet rows = listening.executeQuery()) {
                    rows.next();
                    if (rows.getInt(1) > 0) {
                        return;
                    }
                }
                java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
            }
        }
        throw new AssertionError("nobody started listening for connexion changes");
    }
}
