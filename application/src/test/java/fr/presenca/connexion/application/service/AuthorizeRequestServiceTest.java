package fr.presenca.connexion.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.application.fake.Connexions;
import fr.presenca.connexion.application.fake.InMemoryMetering;
import fr.presenca.connexion.application.fake.MutableClock;
import fr.presenca.connexion.application.metering.Authorization;
import fr.presenca.connexion.application.port.in.AuthorizeRequestCommand;
import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.ConnexionStatus;
import fr.presenca.connexion.domain.connexion.ModelName;
import fr.presenca.connexion.domain.cost.ModelPrice;
import fr.presenca.connexion.domain.cost.Usd;
import fr.presenca.connexion.domain.metering.ReservationState;
import fr.presenca.connexion.domain.policy.AdmissionPolicies;
import fr.presenca.connexion.domain.policy.DenialReason;
import io.vavr.control.Either;
import io.vavr.control.Option;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

@DisplayName("Authorizing a request")
class AuthorizeRequestServiceTest {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final Instant NOON = Instant.parse("2026-03-10T11:00:00Z");
    static final ModelPrice MINI = new ModelPrice(new ModelName("gpt-4o-mini"), new BigDecimal("0.15"), new BigDecimal("0.60"));

    final MutableClock clock = new MutableClock(NOON);
    final InMemoryMetering store = new InMemoryMetering().price(MINI);
    final AuthorizeRequestService service = new AuthorizeRequestService(store, AdmissionPolicies.builtIn(), clock, PARIS,
            Duration.ofMinutes(10));
    final Caller caller = Caller.authenticated(UUID.randomUUID());

    Connexion connexion(Option<Integer> dailyLimit, Option<Usd> budget) {
        Connexion connexion = Connexions.connexion(NOON.minus(Duration.ofDays(3)), PARIS, dailyLimit, budget,
                "gpt-4o-mini", "gpt-unpriced");
        store.save(connexion);
        return connexion;
    }

    Either<ApplicationError, Authorization> authorize(Connexion connexion, String model, Integer input, Integer output, String key) {
        AuthorizeRequestCommand command = AuthorizeRequestCommand.of(caller, connexion.id(), model, input, output, key).get();
        return service.authorizeRequest(command).block();
    }

    Authorization allowedOrDenied(Connexion connexion, String key) {
        return authorize(connexion, "gpt-4o-mini", 1000, 500, key).get();
    }

    @Nested
    @DisplayName("when it is allowed")
    class Allowed {

        @Test
        @DisplayName("counts one request and holds price × (estimated input + max output), rounded up, for the TTL")
        void countsAndHolds() {
            Connexion connexion = connexion(Option.some(5), Option.some(Usd.of("0.0100")));

            StepVerifier.create(service.authorizeRequest(AuthorizeRequestCommand.of(caller, connexion.id(), "gpt-4o-mini",
                            1000, 500, "k1").get()))
                    .assertNext(result -> {
                        Authorization answer = result.get();
                        assertThat(answer.allowed()).isTrue();
                        assertThat(answer.remainingRequests()).contains(4);
                        // 1000 × 0.15/1M + 500 × 0.60/1M = 0.00045 held, exactly
                        assertThat(answer.remainingBudget()).contains(Usd.of("0.00955"));
                        assertThat(answer.expiresAt()).contains(NOON.plus(Duration.ofMinutes(10)));
                        assertThat(store.reservation(answer.reservationId().get()).held()).isEqualTo(Usd.of("0.00045"));
                        assertThat(store.reservation(answer.reservationId().get()).state()).isEqualTo(ReservationState.HELD);
                    })
                    .verifyComplete();
            assertThat(store.connexion(connexion.id()).dailyQuota().usage()).isEqualTo(1);
            assertThat(store.connexion(connexion.id()).monthlyBudget().spent()).isEqualTo(Usd.ZERO);
        }

        @Test
        @DisplayName("holds nothing without an estimate, and still returns a reservation")
        void noEstimateNoHold() {
            Connexion connexion = connexion(Option.none(), Option.some(Usd.of("0.0100")));
            Authorization answer = authorize(connexion, "gpt-4o-mini", null, null, "k1").get();
            assertThat(answer.allowed()).isTrue();
            assertThat(answer.remainingRequests()).isEmpty();
            assertThat(store.reservation(answer.reservationId().get()).held()).isEqualTo(Usd.ZERO);
        }

        @Test
        @DisplayName("switches the connexion to QUOTA_EXCEEDED when it takes the last request of the day")
        void lastRequestOfTheDay() {
            Connexion connexion = connexion(Option.some(1), Option.none());
            assertThat(allowedOrDenied(connexion, "k1").remainingRequests()).contains(0);
            assertThat(store.connexion(connexion.id()).status()).isEqualTo(ConnexionStatus.QUOTA_EXCEEDED);
        }
    }

    @Nested
    @DisplayName("when it is denied")
    class Denied {

        @Test
        @DisplayName("answers the reason as a normal answer and writes only that answer")
        void deniedWritesOnlyTheAnswer() {
            Connexion connexion = connexion(Option.some(1), Option.none());
            allowedOrDenied(connexion, "k1");
            int writes = store.writes();
            Connexion before = store.connexion(connexion.id());

            Authorization denied = allowedOrDenied(connexion, "k2");

            assertThat(denied.allowed()).isFalse();
            assertThat(denied.reason()).contains(DenialReason.DAILY_QUOTA_EXCEEDED);
            assertThat(denied.reservationId()).isEmpty();
            assertThat(denied.remainingRequests()).contains(0);
            assertThat(store.connexion(connexion.id())).isEqualTo(before);
            assertThat(store.writes()).isEqualTo(writes + 1);
        }

        @Test
        @DisplayName("denies a model without a price when the connexion has a budget, allows it otherwise")
        void unpricedModel() {
            Connexion budgeted = connexion(Option.none(), Option.some(Usd.of("1")));
            Connexion unlimited = connexion(Option.none(), Option.none());
            assertThat(authorize(budgeted, "gpt-unpriced", 10, 10, "k").get().reason()).contains(DenialReason.MODEL_NOT_PRICED);
            assertThat(authorize(unlimited, "gpt-unpriced", 10, 10, "k").get().allowed()).isTrue();
            assertThat(authorize(unlimited, "gpt-4", 10, 10, "k2").get().reason()).contains(DenialReason.MODEL_NOT_ALLOWED);
        }

        @Test
        @DisplayName("counts open holds against the budget; an expired hold stops counting without anything running")
        void holdsAndExpiry() {
            Connexion connexion = connexion(Option.none(), Option.some(Usd.of("0.0010")));
            assertThat(allowedOrDenied(connexion, "k1").allowed()).isTrue();
            assertThat(allowedOrDenied(connexion, "k2").allowed()).isTrue();
            Authorization full = allowedOrDenied(connexion, "k3");
            assertThat(full.reason()).contains(DenialReason.MONTHLY_BUDGET_EXCEEDED);
            // 0.0010 − 2 × 0.00045: what is left is less than the next call's 0.00045
            assertThat(full.remainingBudget()).contains(Usd.of("0.0001"));

            clock.advance(Duration.ofMinutes(10));
            assertThat(allowedOrDenied(connexion, "k4").allowed()).isTrue();
        }
    }

    @Nested
    @DisplayName("idempotency and visibility")
    class IdempotencyAndVisibility {

        @Test
        @DisplayName("the same key answers the first answer again and counts once, allowed or denied")
        void sameKeySameAnswer() {
            Connexion connexion = connexion(Option.some(1), Option.none());
            Authorization first = allowedOrDenied(connexion, "k1");
            Authorization denied = allowedOrDenied(connexion, "k2");
            int writes = store.writes();

            assertThat(allowedOrDenied(connexion, "k1")).isEqualTo(first);
            assertThat(allowedOrDenied(connexion, "k2")).isEqualTo(denied);
            assertThat(store.writes()).isEqualTo(writes);
            assertThat(store.connexion(connexion.id()).dailyQuota().usage()).isEqualTo(1);
        }

        @Test
        @DisplayName("a connexion the caller may not see is not found, and nothing is written")
        void invisible() {
            Connexion connexion = connexion(Option.none(), Option.none());
            store.hide(connexion.id());
            assertThat(authorize(connexion, "gpt-4o-mini", 1, 1, "k").getLeft())
                    .isEqualTo(new ApplicationError.ConnexionNotFound(connexion.id()));
            assertThat(store.writes()).isZero();
        }

        @Test
        @DisplayName("the daily quota starts again at midnight in the configured zone")
        void parisMidnight() {
            Connexion connexion = connexion(Option.some(1), Option.none());
            clock.set(Instant.parse("2026-03-10T22:59:59Z")); // 23:59:59 in Paris (UTC+1)
            assertThat(allowedOrDenied(connexion, "k1").allowed()).isTrue();
            assertThat(allowedOrDenied(connexion, "k2").reason()).contains(DenialReason.DAILY_QUOTA_EXCEEDED);
            clock.set(Instant.parse("2026-03-10T23:00:00Z"));
            assertThat(allowedOrDenied(connexion, "k3").allowed()).isTrue();
            assertThat(store.connexion(connexion.id()).status()).isEqualTo(ConnexionStatus.QUOTA_EXCEEDED);
        }
    }

    @Test
    @DisplayName("a command reports every invalid field at once")
    void commandValidation() {
        DomainError error = AuthorizeRequestCommand.of(caller, Connexions.connexion(NOON, PARIS, Option.none(),
                Option.none(), "gpt-4o").id(), " ", -1, 0, "").getLeft();
        assertThat(error).isInstanceOfSatisfying(DomainError.InvalidFields.class, e -> assertThat(e.fields().asJava())
                .containsExactly("model", "estimatedInputTokens", "idempotencyKey"));
    }
}
