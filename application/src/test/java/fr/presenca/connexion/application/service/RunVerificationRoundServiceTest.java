package fr.presenca.connexion.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.caller.CallerRole;
import fr.presenca.connexion.application.fake.InMemoryConnexionStore;
import fr.presenca.connexion.application.fake.InMemoryVerificationSchedule;
import fr.presenca.connexion.application.fake.MutableClock;
import fr.presenca.connexion.application.gateway.UpstreamAccount;
import fr.presenca.connexion.application.gateway.UpstreamAnswer;
import fr.presenca.connexion.application.gateway.UpstreamError;
import fr.presenca.connexion.application.gateway.UpstreamFailure;
import fr.presenca.connexion.application.gateway.UpstreamRequest;
import fr.presenca.connexion.application.port.in.VerificationRoundCommand;
import fr.presenca.connexion.application.write.ConnexionWrite;
import fr.presenca.connexion.application.port.out.OpenAiPort;
import fr.presenca.connexion.application.verification.VerificationOutcome;
import fr.presenca.connexion.application.verification.VerificationRound;
import fr.presenca.connexion.domain.connexion.ApiKey;
import fr.presenca.connexion.domain.connexion.ClientId;
import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.connexion.ConnexionStatus;
import fr.presenca.connexion.domain.connexion.NewConnexion;
import fr.presenca.connexion.domain.connexion.OrganisationId;
import fr.presenca.connexion.domain.connexion.Transition;
import io.vavr.control.Option;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

@DisplayName("The periodic verification round, on in-memory ports")
class RunVerificationRoundServiceTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration INTERVAL = Duration.ofHours(6);
    private static final Duration RETRY = Duration.ofMinutes(1);
    private static final VerificationRoundCommand COMMAND = new VerificationRoundCommand(INTERVAL, RETRY, 4);

    private final InMemoryConnexionStore store = new InMemoryConnexionStore();
    private final InMemoryVerificationSchedule schedule = new InMemoryVerificationSchedule(store);
    private final MutableClock clock = new MutableClock(START);
    private final Caller owner = Caller.serviceRole(UUID.randomUUID());
    /** OpenAI's answer per key; an unknown key is accepted. */
    private final Map<String, Function<UpstreamAccount, Mono<Option<UpstreamError>>>> answers = new ConcurrentHashMap<>();
    private final List<String> checkedKeys = new CopyOnWriteArrayList<>();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();

    private final OpenAiPort openAi = new OpenAiPort() {
        @Override
        public Mono<UpstreamAnswer> call(UpstreamRequest request) {
            throw new AssertionError("a key check makes no gateway call");
        }

        @Override
        public Mono<Option<UpstreamError>> checkKey(UpstreamAccount account) {
            String key = account.apiKey().reveal();
            return Mono.defer(() -> {
                checkedKeys.add(key);
                mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                return answers.getOrDefault(key, ignored -> Mono.just(Option.none())).apply(account);
            }).doOnTerminate(inFlight::decrementAndGet);
        }
    };

    private final RunVerificationRoundService service = new RunVerificationRoundService(
            new VerifyConnexionService(store, store, openAi, clock, ZONE), schedule, schedule, schedule, clock, warnings::add);

    private Connexion connexion(String key) {
        NewConnexion request = new NewConnexion(new OrganisationId(UUID.randomUUID()), Option.none(),
                new ClientId(UUID.randomUUID()), Option.some(ApiKey.of(key).get()), Option.none(), Option.none(),
                Option.none(), Option.none(), Option.none(), Option.none(), Option.none(), Option.none());
        Transition created = Connexion.create(new ConnexionId(UUID.randomUUID()), request, START.minus(Duration.ofDays(1)),
                ZONE).get();
        return store.insertConnexion(owner, ConnexionWrite.of(created, owner.subject())).block().get();
    }

    private static String key(String name) {
        return "sk-proj-round" + name + "0123456789abcdefghij";
    }

    private VerificationRound round() {
        return service.runVerificationRound(COMMAND).block();
    }

    private Connexion stored(Connexion connexion) {
        return store.loadConnexion(owner, connexion.id()).block().get();
    }

    private static UpstreamFailure unreachable() {
        return new UpstreamFailure(UpstreamFailure.Kind.UNREACHABLE, "OpenAI could not be reached", null);
    }

    @Test
    @DisplayName("every due connexion is checked once, as the service itself; an answer holds for the interval")
    void checksEveryDueConnexionOnce() {
        Connexion accepted = connexion(key("accepted"));
        Connexion refused = connexion(key("refused"));
        answers.put(key("refused"), account -> Mono.just(Option.some(new UpstreamError(401, Option.some("invalid_api_key"),
                Option.some("invalid_request_error"), "Incorrect API key provided"))));

        VerificationRound first = round();

        assertThat(first.ran()).isTrue();
        assertThat(first.outcomes()).containsEntry(VerificationOutcome.ACCEPTED, 1).containsEntry(VerificationOutcome.REFUSED, 1);
        assertThat(checkedKeys).containsExactlyInAnyOrder(key("accepted"), key("refused"));
        assertThat(stored(accepted).lastSyncAt()).contains(START);
        assertThat(stored(refused).status()).isEqualTo(ConnexionStatus.EXPIRED);
        assertThat(stored(refused).auditLog().json()).contains("\"action\":\"expired\",\"by\":\"" + RunVerificationRoundService.SUBJECT);
        assertThat(schedule.entry(refused.id())).contains(new InMemoryVerificationSchedule.Entry(START, START.plus(INTERVAL), 0));

        clock.advance(INTERVAL.minusSeconds(1));
        assertThat(round().checked()).isZero();
        assertThat(checkedKeys).hasSize(2);

        clock.advance(Duration.ofSeconds(1));
        assertThat(round().outcomes()).containsEntry(VerificationOutcome.ACCEPTED, 1).containsEntry(VerificationOutcome.REFUSED, 1);
        assertThat(checkedKeys).hasSize(4);
    }

    @Test
    @DisplayName("the round's caller is service_role, so it sees every organisation's connexions")
    void runsAsServiceRole() {
        assertThat(RunVerificationRoundService.CALLER.role()).isEqualTo(CallerRole.SERVICE_ROLE);
        assertThat(RunVerificationRoundService.CALLER.subject()).isEqualTo(UUID.fromString("84490739-ebe4-3525-be30-ba1c24c5f32f"))
                .as("the documented subject");
    }

    @Test
    @DisplayName("OpenAI out of reach changes nothing and is retried after a delay that doubles, up to the interval")
    void unreachableIsRetriedWithGrowingDelay() {
        Connexion connexion = connexion(key("unreachable"));
        Connexion before = stored(connexion);
        answers.put(key("unreachable"), account -> Mono.error(unreachable()));

        assertThat(round().outcomes()).containsEntry(VerificationOutcome.UNAVAILABLE, 1);
        assertThat(stored(connexion)).isEqualTo(before);
        assertThat(schedule.entry(connexion.id())).contains(new InMemoryVerificationSchedule.Entry(START, START.plus(RETRY), 1));

        clock.advance(RETRY.minusSeconds(1));
        assertThat(round().checked()).as("not at every tick").isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(round().outcomes()).containsEntry(VerificationOutcome.UNAVAILABLE, 1);
        assertThat(schedule.entry(connexion.id()).get().failures()).isEqualTo(2);
        assertThat(schedule.entry(connexion.id()).get().nextCheckAt()).isEqualTo(clock.instant().plus(RETRY.multipliedBy(2)));

        answers.remove(key("unreachable"));
        clock.advance(RETRY.multipliedBy(2));
        assertThat(round().outcomes()).containsEntry(VerificationOutcome.ACCEPTED, 1);
        assertThat(schedule.entry(connexion.id()).get().failures()).isZero();
        assertThat(warnings).hasSize(2).allSatisfy(warning -> assertThat(warning)
                .startsWith("connexion " + connexion.id().value() + ": ").doesNotContain(key("unreachable")));
    }

    @Test
    @DisplayName("an answer without a verdict (a 5xx) changes nothing and is retried sooner, like OpenAI out of reach")
    void noVerdictIsRetried() {
        Connexion connexion = connexion(key("fivehundred"));
        answers.put(key("fivehundred"), account -> Mono.just(Option.some(new UpstreamError(503, Option.none(),
                Option.some("server_error"), "The server is overloaded"))));

        assertThat(round().outcomes()).containsEntry(VerificationOutcome.NO_VERDICT, 1);
        assertThat(stored(connexion).status()).isEqualTo(ConnexionStatus.ACTIVE);
        assertThat(schedule.entry(connexion.id())).contains(new InMemoryVerificationSchedule.Entry(START, START.plus(RETRY), 1));
    }

    @Test
    @DisplayName("one connexion's failed check does not end the round; the others are checked")
    void aFailureDoesNotEndTheRound() {
        connexion(key("bug"));
        connexion(key("fine1"));
        connexion(key("fine2"));
        answers.put(key("bug"), account -> Mono.error(new IllegalStateException("a bug")));

        VerificationRound round = round();

        assertThat(round.outcomes()).containsEntry(VerificationOutcome.FAILED, 1).containsEntry(VerificationOutcome.ACCEPTED, 2);
        assertThat(warnings).singleElement().asString().contains("a bug");
    }

    @Test
    @DisplayName("no more than the concurrency's checks at once")
    void boundedConcurrency() {
        for (int i = 0; i < 6; i++) {
            String key = key("slow" + i);
            connexion(key);
            answers.put(key, account -> Mono.delay(Duration.ofMillis(20)).thenReturn(Option.none()));
        }

        VerificationRound round = service.runVerificationRound(new VerificationRoundCommand(INTERVAL, RETRY, 2)).block();

        assertThat(round.outcomes()).containsEntry(VerificationOutcome.ACCEPTED, 6);
        assertThat(mostInFlight).hasValue(2);
    }

    @Test
    @DisplayName("while another instance holds the round, a round does nothing")
    void skippedWhileHeldElsewhere() {
        connexion(key("held"));

        Option<VerificationRound> inner = schedule.underRoundLock(service.runVerificationRound(COMMAND)).block();

        assertThat(inner.get().ran()).isFalse();
        assertThat(checkedKeys).isEmpty();
        assertThat(round().outcomes()).containsEntry(VerificationOutcome.ACCEPTED, 1);
    }

    @Test
    @DisplayName("a connexion deleted since it was found due is GONE, and nothing is recorded for it")
    void deletedMeanwhile() {
        Connexion connexion = connexion(key("deleted"));
        answers.put(key("deleted"), account -> store.deleteConnexion(owner, connexion.id()).thenReturn(Option.none()));

        VerificationRound round = round();

        assertThat(round.outcomes()).containsEntry(VerificationOutcome.GONE, 1);
        assertThat(round.checked()).isZero();
        assertThat(schedule.entry(connexion.id())).isEmpty();
    }

    @Nested
    @DisplayName("the command")
    class Command {

        @Test
        @DisplayName("the retry delay doubles with each failure in a row and stops at the interval")
        void delays() {
            VerificationRoundCommand command = new VerificationRoundCommand(Duration.ofMinutes(10), Duration.ofMinutes(1), 1);
            assertThat(List.of(1, 2, 3, 4, 5, 1000).stream().map(command::delayAfter).toList()).containsExactly(
                    Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4), Duration.ofMinutes(8),
                    Duration.ofMinutes(10), Duration.ofMinutes(10));
        }

        @Test
        @DisplayName("refuses a non-positive interval, a retry delay over the interval, and a concurrency under 1")
        void refusesNonsense() {
            assertThatThrownBy(() -> new VerificationRoundCommand(Duration.ZERO, RETRY, 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new VerificationRoundCommand(RETRY, INTERVAL, 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new VerificationRoundCommand(INTERVAL, RETRY, 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
