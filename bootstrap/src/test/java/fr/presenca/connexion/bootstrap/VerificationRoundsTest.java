package fr.presenca.connexion.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import fr.presenca.connexion.application.port.in.RunVerificationRoundUseCase;
import fr.presenca.connexion.application.port.in.VerificationRoundCommand;
import fr.presenca.connexion.application.service.RunVerificationRoundService;
import fr.presenca.connexion.application.verification.VerificationOutcome;
import fr.presenca.connexion.application.verification.VerificationRound;
import io.micrometer.core.instrument.MeterRegistry;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import reactor.core.scheduler.Schedulers;

/**
 * The periodic verification of stored keys against the fake OpenAI, on the shared instance (where it is off, the
 * default) and on a second instance on the same database started with {@code presenca.openai.verify-interval}. Each
 * test looks only at the connexions it created (by their keys): the database holds other tests' connexions too, which
 * the rounds check as well (the fake accepts any key it was not told about).
 */
@DisplayName("Periodic verification of stored keys")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class VerificationRoundsTest extends IntegrationTest {

    private static final String SET_KEY = "mutation($id: ID!, $key: String!) { setApiKey(id: $id, apiKey: $key) { hasApiKey } }";
    private static final VerificationRoundCommand HOURLY = new VerificationRoundCommand(Duration.ofHours(1), Duration.ofMinutes(1), 4);
    private static final String SCHEDULED_KEY = key("scheduled");

    @Autowired
    private Environment environment;
    @Autowired
    private RunVerificationRoundUseCase rounds;
    @Autowired
    private VerificationScheduler scheduler;
    @Autowired
    private MeterRegistry meters;

    private ConfigurableApplicationContext secondInstance;
    private UUID scheduled;
    private boolean secondSchedulesRounds;
    private Fixtures fixtures;
    private UUID organisation;
    private String admin;
    /** The fake's answer to GET /models per key; any other key is accepted. */
    private final Map<String, Function<RecordedRequest, MockResponse>> answers = new ConcurrentHashMap<>();

    @BeforeEach
    void setUp() {
        answers.clear();
        FakeOpenAi.SHARED.answer(request -> {
            String authorization = request.getHeaders().get("Authorization");
            Function<RecordedRequest, MockResponse> answer = authorization == null ? null
                    : answers.get(authorization.substring("Bearer ".length()));
            return answer != null ? answer.apply(request)
                    : FakeOpenAi.json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o-mini\",\"object\":\"model\"}]}");
        });
        fixtures = new Fixtures(database);
        organisation = fixtures.organisation("Réseau Vérifié " + UUID.randomUUID());
        admin = tokens.authenticated(fixtures.user(null, true));
        if (secondInstance == null) {
            // Due before the second instance starts: its scheduler's first round, at start, checks it.
            scheduled = connexion(SCHEDULED_KEY);
            secondInstance = new SpringApplication(OpenAiConnexionApplication.class).run(
                    "--server.port=0", "--server.shutdown=immediate",
                    "--spring.r2dbc.url=" + environment.getProperty("spring.r2dbc.url"),
                    "--spring.r2dbc.username=" + environment.getProperty("spring.r2dbc.username"),
                    "--spring.r2dbc.password=" + environment.getProperty("spring.r2dbc.password", ""),
                    "--spring.r2dbc.pool.max-size=10",
                    "--spring.liquibase.user=" + DatabaseEnvironmentPostProcessor.EMBEDDED_OWNER,
                    "--spring.liquibase.password=",
                    "--presenca.jwt.secret=" + JWT_SECRET,
                    "--presenca.encryption.key=" + ENCRYPTION_KEY,
                    "--presenca.openai.base-url=" + FakeOpenAi.SHARED.baseUrl(),
                    "--presenca.openai.verify-interval=PT1H");
            secondSchedulesRounds = secondInstance.getBean(VerificationScheduler.class).schedulesRounds();
        }
    }

    @AfterEach
    void nothingSecretLogged(CapturedOutput output) {
        clock.reset();
        assertThat(output.getAll()).doesNotContain("sk-proj-rounds");
    }

    @AfterAll
    void stopSecondInstance() {
        FakeOpenAi.SHARED.reset();
        if (secondInstance != null) {
            secondInstance.close();
        }
    }

    private static String key(String name) {
        return "sk-proj-rounds" + name + UUID.randomUUID().toString().replace("-", "");
    }

    private UUID connexion(String key) {
        UUID id = fixtures.connexion(organisation, "reseau");
        Map<String, Object> set = new MeteringClient(port).data(admin, SET_KEY, Map.of("id", id.toString(), "key", key),
                "setApiKey").block();
        assertThat(set).containsEntry("hasApiKey", true);
        return id;
    }

    /** GET /models requests the fake received with this key. */
    private static long checksOf(String key) {
        return FakeOpenAi.SHARED.received().stream()
                .filter(request -> request.getUrl().encodedPath().equals("/v1/models"))
                .filter(request -> ("Bearer " + key).equals(request.getHeaders().get("Authorization")))
                .count();
    }

    private String column(UUID id, String expression) {
        return database.sql("select (" + expression + ")::text from openai_connexion c"
                        + " left join openai_key_verification v using (openai_connexion_id) where openai_connexion_id = $1")
                .bind(0, id).map(row -> java.util.Optional.ofNullable(row.get(0, String.class))).one().block().orElse(null);
    }

    private long advisoryLocks() {
        return database.sql("select count(*) from pg_locks where locktype = 'advisory'"
                        + " and database = (select oid from pg_database where datname = current_database())")
                .map(row -> row.get(0, Long.class)).one().block();
    }

    /** The second instance's scheduled first round has run (it checked the connexion due at its start) and ended. */
    private void firstScheduledRoundDone() {
        await().atMost(Duration.ofSeconds(20)).until(() -> checksOf(SCHEDULED_KEY) == 1
                && column(scheduled, "c.openai_derniere_synchro is not null").equals("true") && advisoryLocks() == 0);
    }

    private static VerificationRound run(RunVerificationRoundUseCase rounds) {
        return rounds.runVerificationRound(HOURLY).block(Duration.ofSeconds(30));
    }

    @Test
    @DisplayName("off by default: no rounds scheduled and none counted without the setting")
    void offByDefault() {
        assertThat(environment.getProperty(VerificationConfiguration.INTERVAL)).isNull();
        assertThat(scheduler.schedulesRounds()).isFalse();
        assertThat(meters.find(VerificationScheduler.VERIFICATIONS).counters())
                .hasSize(VerificationOutcome.values().length)
                .allSatisfy(counter -> assertThat(counter.count()).isZero());
        assertThat(secondSchedulesRounds).as("set on the other instance").isTrue();
    }

    @Test
    @DisplayName("with the interval set, the scheduler runs rounds: the connexion due at start is checked once, counted")
    void schedulerRunsRounds() {
        assertThat(secondSchedulesRounds).isTrue();
        firstScheduledRoundDone();

        assertThat(column(scheduled, "c.openai_statut_connexion")).isEqualTo("active");
        assertThat(column(scheduled, "v.failures")).isEqualTo("0");
        assertThat(column(scheduled, "v.next_check_at > now() + interval '59 minutes'")).isEqualTo("true");
        assertThat(secondInstance.getBean(MeterRegistry.class).get(VerificationScheduler.VERIFICATIONS)
                .tag("outcome", "accepted").counter().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    @DisplayName("a round checks every due connexion with a key once; 401 makes one EXPIRED; keyless and inactive ones are skipped")
    void roundChecksEveryDueConnexion() {
        String acceptedKey = key("accepted");
        String refusedKey = key("refused");
        String inactiveKey = key("inactive");
        UUID accepted = connexion(acceptedKey);
        UUID refused = connexion(refusedKey);
        UUID inactive = connexion(inactiveKey);
        fixtures.update(inactive, "openai_actif = false, openai_statut_connexion = 'inactive'");
        UUID keyless = fixtures.connexion(organisation, "reseau");
        answers.put(refusedKey, request -> FakeOpenAi.error(401, "invalid_api_key", "invalid_request_error",
                "Incorrect API key provided: sk-proj-****abcd."));
        firstScheduledRoundDone();
        // The second instance's schedule could start a round at its next tick: it is stopped for the explicit ones.
        secondInstance.getBean(VerificationScheduler.class).stop();

        VerificationRound round = run(rounds);

        assertThat(round.ran()).isTrue();
        assertThat(round.outcomes().get(VerificationOutcome.REFUSED)).isGreaterThanOrEqualTo(1);
        assertThat(List.of(checksOf(acceptedKey), checksOf(refusedKey), checksOf(inactiveKey))).containsExactly(1L, 1L, 0L);
        assertThat(column(accepted, "c.openai_derniere_synchro is not null")).isEqualTo("true");
        assertThat(column(refused, "c.openai_statut_connexion")).isEqualTo("expired");
        assertThat(column(refused, "c.openai_derniere_erreur")).startsWith("invalid_api_key: Incorrect API key provided");
        assertThat(column(refused, "c.openai_derniere_synchro")).isNull();
        // Journalled as the service's rounds (not a user: the seed's trigger leaves openai_updated_by empty).
        assertThat(column(refused, "c.openai_audit_log -> 'entries' -> -1 ->> 'by'"))
                .isEqualTo(RunVerificationRoundService.SUBJECT.toString());
        assertThat(column(refused, "c.openai_audit_log -> 'entries' -> -1 ->> 'action'")).isEqualTo("expired");
        assertThat(column(refused, "c.openai_updated_by")).isNull();
        for (UUID answered : List.of(accepted, refused)) {
            assertThat(column(answered, "v.failures")).isEqualTo("0");
        }
        for (UUID skipped : List.of(inactive, keyless)) {
            assertThat(column(skipped, "v.openai_connexion_id")).isNull();
        }
        assertThat(advisoryLocks()).isZero();
    }

    @Test
    @DisplayName("two instances running rounds at once check each connexion exactly once; a round right after checks nothing")
    void twoInstancesCheckEachConnexionOnce() throws Exception {
        List<String> keys = List.of(key("a"), key("b"), key("c"), key("d"), key("e"));
        List<UUID> connexions = keys.stream().map(this::connexion).toList();
        firstScheduledRoundDone();
        secondInstance.getBean(VerificationScheduler.class).stop();
        CountDownLatch release = new CountDownLatch(1);
        Function<RecordedRequest, MockResponse> held = request -> {
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return FakeOpenAi.json(200, "{\"object\":\"list\",\"data\":[]}");
        };
        keys.forEach(key -> answers.put(key, held));
        RunVerificationRoundUseCase secondRounds = secondInstance.getBean(RunVerificationRoundUseCase.class);

        // Whichever takes the lock first is held by the fake until the other's round has returned.
        CompletableFuture<VerificationRound> first = rounds.runVerificationRound(HOURLY)
                .subscribeOn(Schedulers.boundedElastic()).toFuture();
        CompletableFuture<VerificationRound> second = secondRounds.runVerificationRound(HOURLY)
                .subscribeOn(Schedulers.boundedElastic()).toFuture();
        await().atMost(Duration.ofSeconds(20)).until(() -> first.isDone() || second.isDone());
        release.countDown();
        List<VerificationRound> both = List.of(first.get(30, TimeUnit.SECONDS), second.get(30, TimeUnit.SECONDS));

        assertThat(both).filteredOn(VerificationRound::ran).singleElement()
                .satisfies(ran -> assertThat(ran.outcomes().get(VerificationOutcome.ACCEPTED)).isGreaterThanOrEqualTo(keys.size()));
        assertThat(both).filteredOn(round -> !round.ran()).singleElement()
                .satisfies(skipped -> assertThat(skipped.checked()).isZero());
        assertThat(keys).allSatisfy(key -> assertThat(checksOf(key)).as("checks of one key").isEqualTo(1));
        assertThat(connexions).allSatisfy(id -> assertThat(column(id, "c.openai_derniere_synchro is not null")).isEqualTo("true"));

        // Not due again before the interval, whichever instance runs the next round.
        assertThat(run(secondRounds).ran()).isTrue();
        assertThat(run(rounds).ran()).isTrue();
        assertThat(keys).allSatisfy(key -> assertThat(checksOf(key)).as("checks of one key").isEqualTo(1));
        assertThat(advisoryLocks()).isZero();
    }

    @Test
    @DisplayName("OpenAI out of reach changes nothing; the connexion is retried after the retry delay, not at every round, then after twice it")
    void unreachableIsRetriedWithGrowingDelay() {
        String unreachableKey = key("unreachable");
        UUID unreachable = connexion(unreachableKey);
        answers.put(unreachableKey, request -> FakeOpenAi.cut());
        firstScheduledRoundDone();
        secondInstance.getBean(VerificationScheduler.class).stop();
        String before = fixtures.snapshot(unreachable);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock.set(now);

        assertThat(run(rounds).outcomes().get(VerificationOutcome.UNAVAILABLE)).isGreaterThanOrEqualTo(1);
        long attempts = checksOf(unreachableKey);
        assertThat(attempts).isPositive();
        assertThat(fixtures.snapshot(unreachable)).isEqualTo(before);
        assertThat(column(unreachable, "v.failures")).isEqualTo("1");
        assertThat(column(unreachable, "v.next_check_at = v.checked_at + interval '1 minute'")).isEqualTo("true");

        clock.set(now.plusSeconds(59));
        run(rounds);
        assertThat(checksOf(unreachableKey)).as("not retried before its delay").isEqualTo(attempts);

        clock.set(now.plusSeconds(60));
        run(rounds);
        assertThat(checksOf(unreachableKey)).isGreaterThan(attempts);
        assertThat(column(unreachable, "v.failures")).isEqualTo("2");
        assertThat(column(unreachable, "v.next_check_at = v.checked_at + interval '2 minutes'")).isEqualTo("true");
        assertThat(fixtures.snapshot(unreachable)).isEqualTo(before);
    }
}
