package fr.presenca.connexion.domain.cost;

import io.vavr.control.Option;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A monthly budget")
class MonthlyBudgetTest {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final Instant MID_JANUARY = Instant.parse("2026-01-15T11:00:00Z");
    static final Instant FEBRUARY_FIRST = Instant.parse("2026-01-31T23:00:00Z");

    static MonthlyBudget budget(String limit, String spent) {
        return new MonthlyBudget(Option.of(limit).map(Usd::of), Usd.of(spent), Option.some(FEBRUARY_FIRST));
    }

    @Nested
    @DisplayName("exhaustion")
    class Exhaustion {

        @Test
        @DisplayName("is reached when the recorded cost equals the limit exactly")
        void limitExactlyReached() {
            assertThat(budget("10.0000", "10.0000").exhausted()).isTrue();
        }

        @Test
        @DisplayName("is not reached 0.0001 below the limit")
        void justBelow() {
            assertThat(budget("10.0000", "9.9999").exhausted()).isFalse();
        }

        @Test
        @DisplayName("a limit of 0 is exhausted from the start")
        void zeroLimit() {
            assertThat(budget("0", "0").exhausted()).isTrue();
        }

        @Test
        @DisplayName("an unlimited budget is never exhausted")
        void unlimited() {
            assertThat(budget(null, "99999").exhausted()).isFalse();
            assertThat(budget(null, "99999").remaining(Usd.ZERO)).isEmpty();
        }
    }

    @Nested
    @DisplayName("remaining amount")
    class Remaining {

        @Test
        @DisplayName("deducts the recorded cost and the held amount")
        void deductsHolds() {
            assertThat(budget("10", "4.5").remaining(Usd.of("2.25"))).contains(Usd.of("3.25"));
        }

        @Test
        @DisplayName("is zero, never negative, once cost and holds pass the limit")
        void neverNegative() {
            assertThat(budget("10", "9").remaining(Usd.of("5"))).contains(Usd.ZERO);
        }

        @Test
        @DisplayName("recording a cost may pass the limit: money already spent is a fact")
        void plusPassesLimit() {
            MonthlyBudget over = budget("1", "0.9").plus(Usd.of("0.5"));
            assertThat(over.spent()).isEqualTo(Usd.of("1.4"));
            assertThat(over.exhausted()).isTrue();
        }
    }

    @Nested
    @DisplayName("roll-over")
    class RollOver {

        @Test
        @DisplayName("a fresh budget has spent nothing and rolls over on the first of next month")
        void fresh() {
            MonthlyBudget fresh = MonthlyBudget.fresh(Option.some(Usd.of("5")), MID_JANUARY, PARIS);
            assertThat(fresh.spent()).isEqualTo(Usd.ZERO);
            assertThat(fresh.resetAt()).contains(FEBRUARY_FIRST);
        }

        @Test
        @DisplayName("on the last second of the month nothing changes")
        void lastSecond() {
            MonthlyBudget budget = budget("10", "10");
            assertThat(budget.at(FEBRUARY_FIRST.minusSeconds(1), PARIS)).isSameAs(budget);
        }

        @Test
        @DisplayName("on the first instant of the new month the cost starts again from zero")
        void newMonth() {
            assertThat(budget("10", "10").at(FEBRUARY_FIRST, PARIS))
                    .isEqualTo(new MonthlyBudget(Option.some(Usd.of("10")), Usd.ZERO,
                            Option.some(Instant.parse("2026-02-28T23:00:00Z"))));
        }

        @Test
        @DisplayName("an adopted budget without a reset instant keeps its cost as this month's")
        void adopted() {
            MonthlyBudget adopted = new MonthlyBudget(Option.some(Usd.of("10")), Usd.of("7"), Option.none());
            assertThat(adopted.at(MID_JANUARY, PARIS))
                    .isEqualTo(new MonthlyBudget(Option.some(Usd.of("10")), Usd.of("7"), Option.some(FEBRUARY_FIRST)));
        }

        @Test
        @DisplayName("changing the limit keeps the recorded cost and the period")
        void withLimit() {
            assertThat(budget("10", "7").withLimit(Option.none())).isEqualTo(budget(null, "7"));
        }
    }

    @Nested
    @DisplayName("as stored")
    class Stored {

        @Test
        @DisplayName("the exact total is the month's cost while the seed's 4-place column is its half-up rounding")
        void exactWhileConsistent() {
            assertThat(MonthlyBudget.spentOf(Usd.of("0.0000"), Option.some(Usd.of("0.000042"))))
                    .isEqualTo(Usd.of("0.000042"));
            assertThat(MonthlyBudget.spentOf(Usd.of("0.0023"), Option.some(Usd.of("0.00225"))))
                    .isEqualTo(Usd.of("0.00225"));
        }

        @Test
        @DisplayName("the seed's column wins when it no longer is the exact total's rounding, or there is none")
        void columnWins() {
            assertThat(MonthlyBudget.spentOf(Usd.ZERO, Option.some(Usd.of("0.00225")))).isEqualTo(Usd.ZERO);
            assertThat(MonthlyBudget.spentOf(Usd.of("1.5"), Option.none())).isEqualTo(Usd.of("1.5"));
        }
    }
}
