package fr.presenca.connexion.domain.quota;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import static fr.presenca.connexion.domain.quota.ResetCalendar.nextDailyReset;
import static fr.presenca.connexion.domain.quota.ResetCalendar.nextMonthlyReset;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The reset calendar")
class ResetCalendarTest {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    @DisplayName("the default zone is Europe/Paris")
    void defaultZone() {
        assertThat(ResetCalendar.DEFAULT_ZONE).isEqualTo(PARIS);
    }

    @Nested
    @DisplayName("the daily reset")
    class Daily {

        @ParameterizedTest(name = "after {0} the next reset is {1}")
        @CsvSource({
                // an ordinary winter day: midnight in Paris is 23:00 UTC
                "2026-01-15T11:00:00Z, 2026-01-15T23:00:00Z",
                // an ordinary summer day: midnight in Paris is 22:00 UTC
                "2026-07-15T11:00:00Z, 2026-07-15T22:00:00Z",
                // one second before local midnight
                "2026-01-15T22:59:59Z, 2026-01-15T23:00:00Z",
                // exactly at local midnight: the next one, a day later
                "2026-01-15T23:00:00Z, 2026-01-16T23:00:00Z",
        })
        @DisplayName("is the first local midnight strictly after the instant")
        void ordinaryDays(Instant from, Instant expected) {
            assertThat(nextDailyReset(from, PARIS)).isEqualTo(expected);
        }

        @ParameterizedTest(name = "after {0} the next reset is {1}")
        @CsvSource({
                // 00:30 CET, before the jump
                "2026-03-28T23:30:00Z, 2026-03-29T22:00:00Z",
                // 01:59 CET, just before 02:00 becomes 03:00
                "2026-03-29T00:59:00Z, 2026-03-29T22:00:00Z",
                // 03:00 CEST, just after the jump
                "2026-03-29T01:00:00Z, 2026-03-29T22:00:00Z",
                // noon CEST
                "2026-03-29T10:00:00Z, 2026-03-29T22:00:00Z",
                // the evening before: midnight still at CET offset
                "2026-03-28T12:00:00Z, 2026-03-28T23:00:00Z",
        })
        @DisplayName("on 2026-03-29 (clocks forward in Paris) falls at the CEST midnight")
        void springForward(Instant from, Instant expected) {
            assertThat(nextDailyReset(from, PARIS)).isEqualTo(expected);
        }

        @ParameterizedTest(name = "after {0} the next reset is {1}")
        @CsvSource({
                // 02:30 CEST, first pass through the repeated hour
                "2026-10-25T00:30:00Z, 2026-10-25T23:00:00Z",
                // 02:30 CET, second pass through the repeated hour
                "2026-10-25T01:30:00Z, 2026-10-25T23:00:00Z",
                // 23:59:59 CET, the last second of the long day
                "2026-10-25T22:59:59Z, 2026-10-25T23:00:00Z",
                // the evening before: midnight at CEST offset
                "2026-10-24T12:00:00Z, 2026-10-24T22:00:00Z",
        })
        @DisplayName("on 2026-10-25 (clocks back in Paris) falls at the CET midnight")
        void fallBack(Instant from, Instant expected) {
            assertThat(nextDailyReset(from, PARIS)).isEqualTo(expected);
        }

        @Test
        @DisplayName("the day of 2026-03-29 lasts 23 hours and that of 2026-10-25 lasts 25 hours")
        void dayLengths() {
            Instant spring = Instant.parse("2026-03-28T23:00:00Z"); // midnight on the 29th, CET
            Instant autumn = Instant.parse("2026-10-24T22:00:00Z"); // midnight on the 25th, CEST
            assertThat(Duration.between(spring, nextDailyReset(spring, PARIS))).isEqualTo(Duration.ofHours(23));
            assertThat(Duration.between(autumn, nextDailyReset(autumn, PARIS))).isEqualTo(Duration.ofHours(25));
        }

        @Test
        @DisplayName("follows the configured zone rather than Paris")
        void otherZones() {
            Instant noonUtc = Instant.parse("2026-01-15T12:00:00Z");
            assertThat(nextDailyReset(noonUtc, ZoneId.of("UTC"))).isEqualTo(Instant.parse("2026-01-16T00:00:00Z"));
            assertThat(nextDailyReset(noonUtc, ZoneId.of("America/New_York")))
                    .isEqualTo(Instant.parse("2026-01-16T05:00:00Z"));
        }

        @Test
        @DisplayName("in a zone where midnight is skipped, resets at the first instant of the day")
        void skippedMidnight() {
            // Santiago de Chile jumped from 00:00 to 01:00 on 2024-09-08.
            ZoneId santiago = ZoneId.of("America/Santiago");
            assertThat(nextDailyReset(Instant.parse("2024-09-07T16:00:00Z"), santiago))
                    .isEqualTo(Instant.parse("2024-09-08T04:00:00Z"));
        }
    }

    @Nested
    @DisplayName("the monthly roll-over")
    class Monthly {

        @ParameterizedTest(name = "after {0} the budget rolls over at {1}")
        @CsvSource({
                // mid-January: 1 February 00:00 CET
                "2026-01-15T11:00:00Z, 2026-01-31T23:00:00Z",
                // the last second of January in Paris
                "2026-01-31T22:59:59Z, 2026-01-31T23:00:00Z",
                // exactly 1 February 00:00 in Paris: the next one is 1 March
                "2026-01-31T23:00:00Z, 2026-02-28T23:00:00Z",
                // still 31 January in UTC but already February in Paris
                "2026-01-31T23:30:00Z, 2026-02-28T23:00:00Z",
                // February of a leap year ends on the 29th
                "2028-02-15T12:00:00Z, 2028-02-29T23:00:00Z",
                // March 2026: rolls over at 1 April 00:00 CEST, after the DST change
                "2026-03-15T12:00:00Z, 2026-03-31T22:00:00Z",
                // October 2026: rolls over at 1 November 00:00 CET, after the DST change
                "2026-10-15T12:00:00Z, 2026-10-31T23:00:00Z",
                // 30-day month
                "2026-04-30T21:59:59Z, 2026-04-30T22:00:00Z",
                // the year end
                "2026-12-31T22:59:59Z, 2026-12-31T23:00:00Z",
        })
        @DisplayName("happens at local midnight on the first day of the next month")
        void monthEnds(Instant from, Instant expected) {
            assertThat(nextMonthlyReset(from, PARIS)).isEqualTo(expected);
        }
    }
}
