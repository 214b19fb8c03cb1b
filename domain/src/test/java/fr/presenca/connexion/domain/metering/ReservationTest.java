package fr.presenca.connexion.domain.metering;

import fr.presenca.connexion.domain.DomainError.InvalidField;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.connexion.ModelName;
import fr.presenca.connexion.domain.cost.ModelPrice;
import fr.presenca.connexion.domain.cost.Usd;
import io.vavr.control.Option;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static fr.presenca.connexion.domain.fixture.Results.left;
import static fr.presenca.connexion.domain.fixture.Results.right;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Metering values")
class ReservationTest {

    static final Instant AT = Instant.parse("2026-03-28T10:00:00Z");
    static final ModelName GPT_4O = new ModelName("gpt-4o");

    static Reservation aHold() {
        return Reservation.hold(new ReservationId(UUID.randomUUID()), new ConnexionId(UUID.randomUUID()), GPT_4O,
                Usd.of("0.0125"), AT, Duration.ofMinutes(10));
    }

    @Nested
    @DisplayName("a reservation")
    class AReservation {

        @Test
        @DisplayName("holds its cost from its admission until, excluded, its expiry")
        void holdsUntilExpiry() {
            Reservation hold = aHold();
            assertThat(hold.expiresAt()).isEqualTo(AT.plus(Duration.ofMinutes(10)));
            assertThat(hold.holdsAt(AT)).isTrue();
            assertThat(hold.holdsAt(hold.expiresAt().minusNanos(1))).isTrue();
            assertThat(hold.holdsAt(hold.expiresAt())).isFalse();
        }

        @Test
        @DisplayName("is settled by usage of its model before it expires, once")
        void settles() {
            Reservation settled = right(aHold().settle(GPT_4O, AT.plusSeconds(30)));
            assertThat(settled.state()).isEqualTo(ReservationState.SETTLED);
            assertThat(settled.holdsAt(AT)).isFalse();
            assertThat(left(settled.settle(GPT_4O, AT.plusSeconds(31)))).isEqualTo(ReservationProblem.ALREADY_SETTLED);
        }

        @Test
        @DisplayName("refuses usage recorded at or after its expiry, or for another model")
        void refuses() {
            Reservation hold = aHold();
            assertThat(left(hold.settle(GPT_4O, hold.expiresAt()))).isEqualTo(ReservationProblem.EXPIRED);
            assertThat(left(hold.settle(new ModelName("gpt-4o-mini"), AT))).isEqualTo(ReservationProblem.MODEL_MISMATCH);
            assertThat(ReservationProblem.MODEL_MISMATCH.field()).isEqualTo("model");
            assertThat(ReservationProblem.EXPIRED.field()).isEqualTo("reservationId");
        }
    }

    @Nested
    @DisplayName("an idempotency key")
    class AnIdempotencyKey {

        @Test
        @DisplayName("is 1 to 200 non-blank characters, kept exactly as given")
        void bounds() {
            assertThat(right(IdempotencyKey.of(" a ")).value()).isEqualTo(" a ");
            assertThat(IdempotencyKey.of("k".repeat(200)).isRight()).isTrue();
            for (String bad : new String[] {null, "", "  ", "k".repeat(201)}) {
                assertThat(left(IdempotencyKey.of(bad)))
                        .isInstanceOfSatisfying(InvalidField.class, f -> assertThat(f.field()).isEqualTo("idempotencyKey"));
            }
        }
    }

    @Nested
    @DisplayName("a usage event's cost")
    class UsageCost {

        @Test
        @DisplayName("is the exact price of the tokens, or zero for a model without a price")
        void cost() {
            ModelPrice price = new ModelPrice(new ModelName("gpt-4o-mini"), new BigDecimal("0.15"), new BigDecimal("0.075"),
                    new BigDecimal("0.60"), Option.none(), ModelPrice.ALWAYS);
            // 1000 × 0.15 + 500 × 0.60 = 450 per million
            assertThat(UsageEvent.costOf(Option.some(price), 1000, 0, 500)).isEqualTo(Usd.of("0.00045"));
            // 200 cached: 800 × 0.15 + 200 × 0.075 + 500 × 0.60 = 435 per million
            assertThat(UsageEvent.costOf(Option.some(price), 1000, 200, 500)).isEqualTo(Usd.of("0.000435"));
            assertThat(UsageEvent.costOf(Option.none(), 1000, 0, 500)).isEqualTo(Usd.ZERO);
        }
    }
}
