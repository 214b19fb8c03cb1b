package fr.presenca.connexion.bootstrap;

import static fr.presenca.connexion.bootstrap.MeteringClient.input;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One connexion's row held locked by another transaction for longer than the lock timeout (2 s here, the default):
 * its decisions get a typed error in bounded time, and the other connexions are served meanwhile, however many
 * decisions pile up on the locked one (more than the pool's 10 connections).
 */
@DisplayName("A connexion locked by another transaction")
class LockedConnexionTest extends IntegrationTest {

    private static final Duration AT_MOST = Duration.ofSeconds(60);

    @Value("${spring.r2dbc.url}")
    private String r2dbcUrl;

    private Fixtures fixtures;
    private GraphQlHttp http;
    private String member;
    private UUID locked;
    private UUID other;

    @BeforeEach
    void setUp() {
        fixtures = new Fixtures(database);
        http = new GraphQlHttp(port);
        UUID organisation = fixtures.organisation("Réseau Verrouillé " + UUID.randomUUID());
        member = tokens.authenticated(fixtures.user(organisation, false));
        locked = connexion(organisation);
        other = connexion(organisation);
    }

    private UUID connexion(UUID organisation) {
        UUID id = fixtures.connexion(organisation, "reseau");
        fixtures.update(id, "openai_modeles_autorises = '{gpt-4o-mini}', openai_limite_quotidienne = 1000");
        return id;
    }

    private Mono<GraphQlHttp.Answer> authorize(UUID connexion, String key) {
        return http.post(member, MeteringClient.AUTHORIZE, Map.of("input", input("connexionId", connexion.toString(),
                "model", "gpt-4o-mini", "estimatedInputTokens", 100, "maxOutputTokens", 100, "idempotencyKey", key)));
    }

    private List<Integer> waitingOnLocks() {
        return database.sql("select pid from pg_stat_activity where usename = 'presenca_app' and wait_event_type = 'Lock'")
                .map(row -> row.get("pid", Integer.class)).all().collectList().block();
    }

    private long counted(String table, UUID connexion) {
        return database.sql("select count(*) as n from " + table + " where openai_connexion_id = $1").bind(0, connexion)
                .map(row -> row.get("n", Long.class)).one().block();
    }

    @Test
    @DisplayName("30 decisions on it all get UNAVAILABLE (HTTP 503), one at most waits on the database, another connexion is served meanwhile, nothing is counted, and a retry with the same key succeeds once the lock is gone")
    void lockedConnexion() {
        List<GraphQlHttp.Answer> answers;
        try (RowLock lock = RowLock.on(r2dbcUrl, locked)) {
            Mono<List<GraphQlHttp.Answer>> piledUp = Flux.range(0, 30).flatMap(i -> authorize(locked, "locked-" + i))
                    .collectList().cache();
            piledUp.subscribe();
            await().atMost(AT_MOST).until(() -> waitingOnLocks().size() == 1);

            GraphQlHttp.Answer served = authorize(other, "other-1").block(AT_MOST);

            assertThat(served.status()).isEqualTo(200);
            assertThat(served.data("authorizeRequest")).containsEntry("allowed", true);
            assertThat(waitingOnLocks()).as("decisions of the locked connexion waiting on the database").hasSize(1);
            answers = piledUp.block(AT_MOST);
        }

        assertThat(answers).hasSize(30).allSatisfy(answer -> {
            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.contentType().isCompatibleWith(GraphQlHttp.GRAPHQL_RESPONSE)).isTrue();
            assertThat(answer.codes()).containsExactly("UNAVAILABLE");
            assertThat(answer.body().toString()).contains("retry with the same idempotency key");
        });
        assertThat(fixtures.snapshot(locked)).contains("\"openai_usage_quotidien\":0");
        assertThat(counted("openai_authorization", locked)).isZero();
        assertThat(counted("openai_reservation", locked)).isZero();

        GraphQlHttp.Answer retried = authorize(locked, "locked-0").block(AT_MOST);
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.data("authorizeRequest")).containsEntry("allowed", true).containsEntry("remainingRequests", 999);
        assertThat(counted("openai_authorization", locked)).isEqualTo(1);
    }

    @Test
    @DisplayName("a management write on it gets UNAVAILABLE once the lock timeout has passed, and changes nothing")
    void managementWrite() {
        String before = fixtures.snapshot(locked);
        GraphQlHttp.Answer answer;
        try (RowLock lock = RowLock.on(r2dbcUrl, locked)) {
            answer = http.post(member, "mutation($id: ID!) { updateConnexion(id: $id, input: { dailyRequestLimit: 7 })"
                    + " { dailyRequestLimit } }", Map.of("id", locked.toString())).block(AT_MOST);
        }

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.codes()).containsExactly("UNAVAILABLE");
        assertThat(fixtures.snapshot(locked)).isEqualTo(before);
    }
}
