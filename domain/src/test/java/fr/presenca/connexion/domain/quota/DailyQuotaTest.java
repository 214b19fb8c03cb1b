package fr.presenca.connexion.domain.quota;

import fr.presenca.connexion.domain.DomainError.InvalidField;
import io.vavr.control.Option;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;

import static fr.presenca.connexion.domain.fixture.Results.left;
import static fr.presenca.connexion.domain.fixture.Results.right;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("A daily quota")
class DailyQuotaTest {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final Instant NOON = Instant.parse("2026-01-15T11:00:00Z");
    static final Instant MIDNIGHT = Instant.parse("2026-01-15T23:00:00Z");

    static DailyQuota quota(Integer limit, int usage) {
        return new DailyQuota(Option.of(limit), usage, Option.some(MIDNIGHT));
    }

    @Nested
    @DisplayName("invariants")
    class Invariants {

        @Test
        @DisplayName("a negative limit or usage cannot exist")
        void negativesRejected() {
            assertThatThrownBy(() -> quota(-1, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> quota(10, -1)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("a negative limit is reported on field dailyRequestLimit")
        void negativeLimitReported() {
            assertThat(left(DailyQuota.of(Option.some(-5), 0, Option.none())))
                    .isInstanceOfSatisfying(InvalidField.class, e -> assertThat(e.field()).isEqualTo("dailyRequestLimit"));
        }

        @Test
        @DisplayName("a limit of 0 and an absent limit are valid")
        void zeroAndUnlimited() {
            assertThat(right(DailyQuota.of(Option.some(0), 0, Option.none())).limit()).contains(0);
            assertThat(right(DailyQuota.of(Option.none(), 7, Option.none())).isUnlimited()).isTrue();
        }

        @Test
        @DisplayName("usage above the limit can be stored (the limit may have been lowered) and counts as exhausted")
        void usageAboveLimit() {
            DailyQuota lowered = quota(5, 8);
            assertThat(lowered.exhausted()).isTrue();
            assertThat(lowered.remaining()).contains(0);
        }
    }

    @Nested
    @DisplayName("consumption")
    class Consumption {

        @Test
        @DisplayName("a fresh quota has nothing used and resets at the next local midnight")
        void fresh() {
            DailyQuota fresh = DailyQuota.fresh(Option.some(100), NOON, PARIS);
            assertThat(fresh.usage()).isZero();
            assertThat(fresh.resetAt()).contains(MIDNIGHT);
        }

        @Test
        @DisplayName("consuming counts one request")
        void consumeOne() {
            assertThat(quota(3, 1).consumeOne().map(DailyQuota::usage)).contains(2);
        }

        @Test
        @DisplayName("the last request reaches the limit exactly and exhausts the quota")
        void lastRequest() {
            DailyQuota last = quota(3, 2).consumeOne().get();
            assertThat(last.usage()).isEqualTo(3);
            assertThat(last.exhausted()).isTrue();
            assertThat(last.remaining()).contains(0);
        }

        @Test
        @DisplayName("an exhausted quota refuses to count one more")
        void exhaustedRefuses() {
            assertThat(quota(3, 3).consumeOne()).isEmpty();
            assertThat(quota(0, 0).consumeOne()).isEmpty();
        }

        @Test
        @DisplayName("an unlimited quota is never exhausted and has no remaining count")
        void unlimited() {
            DailyQuota unlimited = quota(null, 1_000_000);
            assertThat(unlimited.exhausted()).isFalse();
            assertThat(unlimited.remaining()).isEmpty();
            assertThat(unlimited.consumeOne().map(DailyQuota::usage)).contains(1_000_001);
        }

        @Test
        @DisplayName("changing the limit keeps the usage")
        void withLimit() {
            assertThat(quota(3, 3).withLimit(Option.some(10))).isEqualTo(quota(10, 3));
        }
    }

    @Nested
    @DisplayName("reset")
    class Reset {

        @Test
        @DisplayName("before the reset instant the quota is unchanged")
        void beforeReset() {
            DailyQuota quota = quota(3, 3);
            assertThat(quota.at(MIDNIGHT.minusNanos(1), PARIS)).isSameAs(quota);
        }

        @Test
        @DisplayName("at the reset instant usage starts again from zero until the following midnight")
        void atReset() {
            DailyQuota reset = quota(3, 3).at(MIDNIGHT, PARIS);
            assertThat(reset).isEqualTo(new DailyQuota(Option.some(3), 0, Option.some(Instant.parse("2026-01-16T23:00:00Z"))));
        }

        @Test
        @DisplayName("days later the next reset is the midnight after that instant, not the one after the old reset")
        void daysLater() {
            Instant later = Instant.parse("2026-01-20T09:00:00Z");
            assertThat(quota(3, 3).at(later, PARIS).resetAt()).contains(Instant.parse("2026-01-20T23:00:00Z"));
        }

        @Test
        @DisplayName("an adopted quota without a reset instant is reset at its first evaluation")
        void noResetInstant() {
            DailyQuota adopted = new DailyQuota(Option.some(3), 2, Option.none());
            assertThat(adopted.at(NOON, PARIS)).isEqualTo(new DailyQuota(Option.some(3), 0, Option.some(MIDNIGHT)));
        }

        @Test
        @DisplayName("on the short day of 2026-03-29 the quota used at 01:30 CET resets at midnight CEST")
        void springForwardDay() {
            Instant earlyMorning = Instant.parse("2026-03-29T00:30:00Z");
            DailyQuota used = DailyQuota.fresh(Option.some(1), earlyMorning, PARIS).consumeOne().get();
            assertThat(used.at(Instant.parse("2026-03-29T21:59:59Z"), PARIS).exhausted()).isTrue();
            assertThat(used.at(Instant.parse("2026-03-29T22:00:00Z"), PARIS).exhausted()).isFalse();
        }

        @Test
        @DisplayName("on the long day of 2026-10-25 the quota stays used through the repeated hour until midnight CET")
        void fallBackDay() {
            Instant firstPass = Instant.parse("2026-10-25T00:30:00Z");
            DailyQuota used = DailyQuota.fresh(Option.some(1), firstPass, PARIS).consumeOne().get();
            assertThat(used.at(Instant.parse("2026-10-25T01:30:00Z"), PARIS).exhausted()).isTrue();
            assertThat(used.at(Instant.parse("2026-10-25T22:59:59Z"), PARIS).exhausted()).isTrue();
            assertThat(used.at(Instant.parse("2026-10-25T23:00:00Z"), PARIS).exhausted()).isFalse();
        }
    }
}
