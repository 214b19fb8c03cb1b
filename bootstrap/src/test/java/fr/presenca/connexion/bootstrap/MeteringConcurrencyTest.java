package fr.presenca.connexion.bootstrap;

import static fr.presenca.connexion.bootstrap.MeteringClient.input;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The quota and the budget hold exactly under concurrent calls over HTTP, against one service instance and
 * against two instances (two Spring contexts, each with its own connection pool) sharing the database.
 */
@DisplayName("Metering under concurrency")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MeteringConcurrencyTest extends IntegrationTest {

    private static final int CONCURRENCY = 64;
    private static final BigDecimal HOLD = new BigDecimal("0.00045"); // gpt-4o-mini, 1000 in + 500 out, exactly

    @Autowired
    private Environment environment;

    private ConfigurableApplicationContext secondInstance;
    private MeteringClient first;
    private MeteringClient second;
    private Fixtures fixtures;
    private UUID organisation;
    private String member;

    @BeforeEach
    void setUp() {
        fixtures = new Fixtures(database);
        first = new MeteringClient(port);
        organisation = fixtures.organisation("Réseau Concurrent " + UUID.randomUUID());
        member = tokens.authenticated(fixtures.user(organisation, false));
    }

    @AfterAll
    void stopSecondInstance() {
        if (secondInstance != null) {
            secondInstance.close();
        }
    }

    /** A second application on the same database: its own context, pool and port; same JWT secret. */
    private MeteringClient second() {
        if (secondInstance == null) {
            secondInstance = new SpringApplication(OpenAiConnexionApplication.class).run(
                    "--server.port=0", "--server.shutdown=immediate",
                    "--spring.r2dbc.url=" + environment.getProperty("spring.r2dbc.url"),
                    "--spring.r2dbc.username=" + environment.getProperty("spring.r2dbc.username"),
                    "--spring.r2dbc.password=" + environment.getProperty("spring.r2dbc.password", ""),
                    "--spring.r2dbc.pool.max-size=10",
                    "--spring.liquibase.user=" + DatabaseEnvironmentPostProcessor.EMBEDDED_OWNER,
                    "--spring.liquibase.password=",
                    "--presenca.jwt.secret=" + JWT_SECRET,
                    "--presenca.encryption.key=" + ENCRYPTION_KEY);
            second = new MeteringClient(((WebServerApplicationContext) secondInstance).getWebServer().getPort());
        }
        return second;
    }

    private List<MeteringClient> instances(int count) {
        return count == 1 ? List.of(first) : List.of(first, second());
    }

    private UUID connexion(String assignments) {
        UUID id = fixtures.connexion(organisation, "reseau");
        fixtures.update(id, "openai_modeles_autorises = '{gpt-4o-mini}', " + assignments);
        return id;
    }

    /** {@code calls} calls, at most {@link #CONCURRENCY} in flight, spread round-robin over the instances. */
    private List<Map<String, Object>> concurrently(int calls, List<MeteringClient> instances,
                                                   java.util.function.BiFunction<MeteringClient, Integer, Mono<Map<String, Object>>> call) {
        return Flux.range(0, calls)
                .flatMap(i -> call.apply(instances.get(i % instances.size()), i), CONCURRENCY)
                .collectList()
                .block(Duration.ofMinutes(2));
    }

    private Map<String, Object> authorizeInput(UUID connexion, String key) {
        return input("connexionId", connexion.toString(), "model", "gpt-4o-mini", "estimatedInputTokens", 1000,
                "maxOutputTokens", 500, "idempotencyKey", key);
    }

    private Map<String, Object> row(String sql, UUID connexion) {
        return database.sql(sql).bind(0, connexion).fetch().one().block();
    }

    private static long count(List<Map<String, Object>> answers, Object allowed, Object reason) {
        return answers.stream().filter(a -> allowed.equals(a.get("allowed")) && java.util.Objects.equals(reason, a.get("reason")))
                .count();
    }

    @ParameterizedTest(name = "{0} instance(s)")
    @ValueSource(ints = {1, 2})
    @DisplayName("500 concurrent calls on a daily limit of 100: exactly 100 allowed, 400 denied, usage 100, QUOTA_EXCEEDED")
    void dailyQuota(int instanceCount) {
        UUID connexion = connexion("openai_limite_quotidienne = 100");
        List<MeteringClient> instances = instances(instanceCount);

        List<Map<String, Object>> answers = concurrently(500, instances,
                (api, i) -> api.authorize(member, authorizeInput(connexion, "call-" + i)));

        assertThat(count(answers, true, null)).isEqualTo(100);
        assertThat(count(answers, false, "DAILY_QUOTA_EXCEEDED")).isEqualTo(400);
        assertThat(row("select openai_usage_quotidien as usage, openai_statut_connexion as status,"
                + " (select count(*) from openai_reservation r where r.openai_connexion_id = c.openai_connexion_id) as reservations,"
                + " (select count(*) from openai_authorization a where a.openai_connexion_id = c.openai_connexion_id) as answers"
                + " from openai_connexion c where openai_connexion_id = $1", connexion))
                .containsEntry("usage", 100).containsEntry("status", "quota_exceeded")
                .containsEntry("reservations", 100L).containsEntry("answers", 500L);
        // The switch to QUOTA_EXCEEDED is journalled once, by the admission that used the quota up.
        assertThat(row("select count(*) as entries from openai_connexion c, jsonb_array_elements(c.openai_audit_log -> 'entries') e"
                + " where c.openai_connexion_id = $1 and e ->> 'action' = 'quota_exceeded'", connexion))
                .containsEntry("entries", 1L);
    }

    @ParameterizedTest(name = "{0} instance(s)")
    @ValueSource(ints = {1, 2})
    @DisplayName("concurrent calls on a budget: exactly the calls that fit are allowed (exact holds), never more")
    void budgetHolds(int instanceCount) {
        // 0.0123 / 0.00045 = 27.3: 27 holds fit (rounded up to 0.0005 each, only 24 would have)
        UUID connexion = connexion("openai_limite_cout_mois = 0.0123");

        List<Map<String, Object>> answers = concurrently(100, instances(instanceCount),
                (api, i) -> api.authorize(member, authorizeInput(connexion, "call-" + i)));

        assertThat(count(answers, true, null)).isEqualTo(27);
        assertThat(count(answers, false, "MONTHLY_BUDGET_EXCEEDED")).isEqualTo(73);
        Map<String, Object> totals = row("select openai_cout_actuel_mois + (select coalesce(sum(held_cost), 0) from openai_reservation r"
                + " where r.openai_connexion_id = c.openai_connexion_id and r.state = 'held') as committed"
                + " from openai_connexion c where openai_connexion_id = $1", connexion);
        assertThat((BigDecimal) totals.get("committed")).isEqualByComparingTo("0.01215");
    }

    @ParameterizedTest(name = "{0} instance(s)")
    @ValueSource(ints = {1, 2})
    @DisplayName("concurrent authorize + record pairs: recorded + held never exceeds the budget; a denial only when the hold did not fit")
    void budgetWithUsage(int instanceCount) {
        BigDecimal limit = new BigDecimal("0.0200");
        UUID connexion = connexion("openai_limite_cout_mois = " + limit);
        // The exact month total (its rounding is openai_cout_actuel_mois) plus the open holds.
        String committed = "select (coalesce((select m.spent from openai_month_cost m where m.openai_connexion_id = c.openai_connexion_id),"
                + " openai_cout_actuel_mois) + (select coalesce(sum(held_cost), 0) from openai_reservation r"
                + " where r.openai_connexion_id = c.openai_connexion_id and r.state = 'held' and r.expires_at > now()))"
                + " as committed from openai_connexion c where openai_connexion_id = $1";
        // Samples spent + open holds while the load runs, each sample one consistent snapshot.
        Sinks.Empty<Void> done = Sinks.empty();
        Mono<List<BigDecimal>> samples = Flux.interval(Duration.ofMillis(5)).onBackpressureDrop()
                .concatMap(tick -> database.sql(committed).bind(0, connexion).map(r -> r.get(0, BigDecimal.class)).one())
                .takeUntilOther(done.asMono())
                .collectList()
                .cache();
        samples.subscribe();

        List<Map<String, Object>> answers = concurrently(120, instances(instanceCount), (api, i) ->
                api.authorize(member, authorizeInput(connexion, "a-" + i)).flatMap(answer -> Boolean.TRUE.equals(answer.get("allowed"))
                        // the call used less than estimated: 600 × 0.15/1M + 300 × 0.60/1M = 0.00027 exactly
                        ? api.record(member, input("connexionId", connexion.toString(), "reservationId", answer.get("reservationId"),
                                "model", "gpt-4o-mini", "inputTokens", 600, "outputTokens", 300, "idempotencyKey", "u-" + i))
                                .thenReturn(answer)
                        : Mono.just(answer)));
        done.tryEmitEmpty();

        assertThat(samples.block(Duration.ofSeconds(10))).isNotEmpty().allSatisfy(sample -> assertThat(sample).isLessThanOrEqualTo(limit));
        List<Map<String, Object>> denied = answers.stream().filter(a -> Boolean.FALSE.equals(a.get("allowed"))).toList();
        assertThat(denied).allSatisfy(a -> {
            assertThat(a.get("reason")).isEqualTo("MONTHLY_BUDGET_EXCEEDED");
            assertThat(new BigDecimal((String) a.get("remainingBudget"))).as("room left when denied").isLessThan(HOLD);
        });
        long allowed = answers.size() - denied.size();
        Map<String, Object> totals = row(committed.replace(" as committed", " as committed,"
                + " (select m.spent from openai_month_cost m where m.openai_connexion_id = c.openai_connexion_id) as spent,"
                + " (select count(*) from openai_usage_event e where e.openai_connexion_id = c.openai_connexion_id) as events"), connexion);
        assertThat((BigDecimal) totals.get("committed")).isLessThanOrEqualTo(limit);
        assertThat(totals).containsEntry("events", allowed);
        assertThat((BigDecimal) totals.get("spent")).isEqualByComparingTo(new BigDecimal("0.00027").multiply(BigDecimal.valueOf(allowed)));
        // a denial needs 0.00045 × open holds + 0.00027 × settled > 0.01955, so at least 43 calls were allowed
        assertThat(allowed).isGreaterThanOrEqualTo(43);
    }

    @Test
    @DisplayName("racing retries with one idempotency key, on both instances, count once and all get the first answer")
    void racingRetries() {
        UUID connexion = connexion("openai_limite_quotidienne = 100, openai_limite_cout_mois = 1");
        List<MeteringClient> instances = instances(2);

        List<Map<String, Object>> answers = concurrently(40, instances, (api, i) -> api.authorize(member, authorizeInput(connexion, "same")));
        assertThat(answers).hasSize(40).allSatisfy(a -> assertThat(a).isEqualTo(answers.get(0)));
        assertThat(answers.get(0)).containsEntry("allowed", true);

        Object reservation = answers.get(0).get("reservationId");
        IntFunction<Map<String, Object>> usage = i -> input("connexionId", connexion.toString(), "reservationId", reservation,
                "model", "gpt-4o-mini", "inputTokens", 600, "outputTokens", 300, "idempotencyKey", "same");
        List<Map<String, Object>> events = concurrently(40, instances, (api, i) -> api.record(member, usage.apply(i)));
        assertThat(events).hasSize(40).allSatisfy(e -> assertThat(e).isEqualTo(events.get(0)));

        assertThat(row("select openai_usage_quotidien as usage, openai_cout_actuel_mois::text as cost,"
                + " (select count(*) from openai_reservation r where r.openai_connexion_id = c.openai_connexion_id) as reservations,"
                + " (select count(*) from openai_usage_event e where e.openai_connexion_id = c.openai_connexion_id) as events"
                + " from openai_connexion c where openai_connexion_id = $1", connexion))
                .containsEntry("usage", 1).containsEntry("cost", "0.0003")
                .containsEntry("reservations", 1L).containsEntry("events", 1L);
    }
}
