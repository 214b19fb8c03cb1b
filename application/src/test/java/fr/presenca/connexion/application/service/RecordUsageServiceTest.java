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
import fr.presenca.connexion.application.port.in.RecordUsageCommand;
import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.ConnexionStatus;
import fr.presenca.connexion.domain.connexion.ModelName;
import fr.presenca.connexion.domain.connexion.UserId;
import fr.presenca.connexion.domain.cost.ModelPrice;
import fr.presenca.connexion.domain.cost.Usd;
import fr.presenca.connexion.domain.metering.ReservationId;
import fr.presenca.connexion.domain.metering.ReservationProblem;
import fr.presenca.connexion.domain.metering.ReservationState;
import fr.presenca.connexion.domain.metering.UsageEvent;
import fr.presenca.connexion.domain.policy.AdmissionPolicies;
import io.vavr.control.Either;
import io.vavr.control.Option;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

@DisplayName("Recording usage")
class RecordUsageServiceTest {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final Instant NOON = Instant.parse("2026-03-10T11:00:00Z");
    static final ModelPrice MINI = new ModelPrice(new ModelName("gpt-4o-mini"), new BigDecimal("0.15"), new BigDecimal("0.60"));

    final MutableClock clock = new MutableClock(NOON);
    final InMemoryMetering store = new InMemoryMetering().price(MINI);
    final AuthorizeRequestService authorize = new AuthorizeRequestService(store, AdmissionPolicies.builtIn(), clock, PARIS,
            Duration.ofMinutes(10));
    final RecordUsageService service = new RecordUsageService(store, clock, PARIS);
    final Caller caller = Caller.authenticated(UUID.randomUUID());

    Connexion connexion(Option<Usd> budget) {
        Connexion connexion = Connexions.connexion(NOON.minus(Duration.ofDays(3)), PARIS, Option.none(), budget,
                "gpt-4o-mini", "gpt-4o", "gpt-unpriced");
        store.save(connexion);
        return connexion;
    }

    ReservationId reserve(Connexion connexion, String key) {
        Authorization answer = authorize.authorizeRequest(AuthorizeRequestCommand.of(caller, connexion.id(), "gpt-4o-mini",
                1000, 500, key).get()).block().get();
        return answer.reservationId().get();
    }

    Either<ApplicationError, UsageEvent> record(Connexion connexion, Option<ReservationId> reservation, String model,
                                             int input, int output, String key) {
        return service.recordUsage(RecordUsageCommand.of(caller, connexion.id(), reservation, model, input, null, output, key)
                .get()).block();
    }

    @Nested
    @DisplayName("with its reservation")
    class WithReservation {

        @Test
        @DisplayName("appends the event, adds the exact cost to the month and releases the hold")
        void settles() {
            Connexion connexion = connexion(Option.some(Usd.of("1")));
            ReservationId reservation = reserve(connexion, "a1");
            assertThat(store.held(connexion.id(), NOON)).isEqualTo(Usd.of("0.00045"));

            StepVerifier.create(service.recordUsage(RecordUsageCommand.of(caller, connexion.id(), Option.some(reservation),
                            "gpt-4o-mini", 800, null, 300, "u1").get()))
                    .assertNext(result -> {
                        UsageEvent event = result.get();
                        // 800 × 0.15/1M + 300 × 0.60/1M = 0.0003
                        assertThat(event.cost()).isEqualTo(Usd.of("0.0003"));
                        assertThat(event.reservationId()).contains(reservation);
                        assertThat(event.createdAt()).isEqualTo(NOON);
                        assertThat(event.createdBy()).contains(new UserId(caller.subject()));
                    })
                    .verifyComplete();
            assertThat(store.held(connexion.id(), NOON)).isEqualTo(Usd.ZERO);
            assertThat(store.reservation(reservation).state()).isEqualTo(ReservationState.SETTLED);
            assertThat(store.connexion(connexion.id()).monthlyBudget().spent()).isEqualTo(Usd.of("0.0003"));
            assertThat(store.ledger()).hasSize(1);
        }

        @Test
        @DisplayName("refuses an unknown, settled or expired reservation, or another model, and writes nothing")
        void refusals() {
            Connexion connexion = connexion(Option.some(Usd.of("1")));
            Connexion other = connexion(Option.some(Usd.of("1")));
            ReservationId settled = reserve(connexion, "a1");
            record(connexion, Option.some(settled), "gpt-4o-mini", 1, 1, "u1");
            ReservationId open = reserve(connexion, "a2");
            ReservationId foreign = reserve(other, "a3");
            int writes = store.writes();

            assertThat(record(connexion, Option.some(new ReservationId(UUID.randomUUID())), "gpt-4o-mini", 1, 1, "u2").getLeft())
                    .isInstanceOf(ApplicationError.ReservationNotFound.class);
            assertThat(record(connexion, Option.some(foreign), "gpt-4o-mini", 1, 1, "u2").getLeft())
                    .isEqualTo(new ApplicationError.ReservationNotFound(foreign));
            assertThat(record(connexion, Option.some(settled), "gpt-4o-mini", 1, 1, "u2").getLeft())
                    .isEqualTo(new ApplicationError.ReservationRefused(settled, ReservationProblem.ALREADY_SETTLED));
            assertThat(record(connexion, Option.some(open), "gpt-4o", 1, 1, "u2").getLeft())
                    .isEqualTo(new ApplicationError.ReservationRefused(open, ReservationProblem.MODEL_MISMATCH));
            clock.advance(Duration.ofMinutes(10));
            assertThat(record(connexion, Option.some(open), "gpt-4o-mini", 1, 1, "u2").getLeft())
                    .isEqualTo(new ApplicationError.ReservationRefused(open, ReservationProblem.EXPIRED));

            assertThat(store.writes()).isEqualTo(writes);
            assertThat(store.ledger()).hasSize(1);
        }
    }

    @Nested
    @DisplayName("without a reservation")
    class WithoutReservation {

        @Test
        @DisplayName("is accepted (the call happened) and can use up the budget: QUOTA_EXCEEDED")
        void pushesOverTheBudget() {
            Connexion connexion = connexion(Option.some(Usd.of("0.0010")));
            // 4000 × 0.15/1M + 1000 × 0.60/1M = 0.0012 ≥ 0.0010
            assertThat(record(connexion, Option.none(), "gpt-4o-mini", 4000, 1000, "u1").get().cost()).isEqualTo(Usd.of("0.0012"));
            assertThat(store.connexion(connexion.id()).status()).isEqualTo(ConnexionStatus.QUOTA_EXCEEDED);
            assertThat(store.connexion(connexion.id()).monthlyBudget().spent()).isEqualTo(Usd.of("0.0012"));
        }

        @Test
        @DisplayName("costs nothing for a model without a price, and is still recorded")
        void unpriced() {
            Connexion connexion = connexion(Option.none());
            assertThat(record(connexion, Option.none(), "gpt-unpriced", 4000, 1000, "u1").get().cost()).isEqualTo(Usd.ZERO);
            assertThat(store.ledger()).hasSize(1);
        }
    }

    @Test
    @DisplayName("the same key answers the first event and counts once")
    void idempotent() {
        Connexion connexion = connexion(Option.none());
        UsageEvent first = record(connexion, Option.none(), "gpt-4o-mini", 4000, 1000, "u1").get();
        clock.advance(Duration.ofSeconds(5));
        assertThat(record(connexion, Option.none(), "gpt-4o-mini", 9, 9, "u1").get()).isEqualTo(first);
        assertThat(store.ledger()).containsExactly(first);
        assertThat(store.connexion(connexion.id()).monthlyBudget().spent()).isEqualTo(Usd.of("0.0012"));
    }

    @Test
    @DisplayName("a connexion the caller may not see is not found")
    void invisible() {
        Connexion connexion = connexion(Option.none());
        store.hide(connexion.id());
        assertThat(record(connexion, Option.none(), "gpt-4o-mini", 1, 1, "u1").getLeft())
                .isEqualTo(new ApplicationError.ConnexionNotFound(connexion.id()));
    }
}
