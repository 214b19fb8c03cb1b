package fr.presenca.connexion.domain.quota;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reset instants characterised without the formula that computes them: the next daily reset is
 * the first instant whose local date is after the given instant's; likewise for the month.
 */
class ResetCalendarPropertiesTest {

    @Property(tries = 2000)
    void the_daily_reset_is_the_first_instant_of_the_next_local_day(@ForAll("instants") Instant instant,
                                                                   @ForAll("zones") ZoneId zone) {
        Instant next = ResetCalendar.nextDailyReset(instant, zone);
        assertThat(next).isAfter(instant);
        assertThat(next.atZone(zone).toLocalDate()).isAfter(instant.atZone(zone).toLocalDate());
        assertThat(next.minusNanos(1).atZone(zone).toLocalDate()).isEqualTo(instant.atZone(zone).toLocalDate());
    }

    @Property(tries = 2000)
    void the_monthly_roll_over_is_the_first_instant_of_the_next_local_month(@ForAll("instants") Instant instant,
                                                                           @ForAll("zones") ZoneId zone) {
        Instant next = ResetCalendar.nextMonthlyReset(instant, zone);
        YearMonth month = YearMonth.from(instant.atZone(zone));
        assertThat(YearMonth.from(next.atZone(zone))).isEqualTo(month.plusMonths(1));
        assertThat(YearMonth.from(next.minusNanos(1).atZone(zone))).isEqualTo(month);
    }

    @Provide
    Arbitrary<Instant> instants() {
        long from = Instant.parse("2020-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2036-01-01T00:00:00Z").getEpochSecond();
        return Arbitraries.longs().between(from, to).map(Instant::ofEpochSecond);
    }

    @Provide
    Arbitrary<ZoneId> zones() {
        // Paris (the default), plus zones with unusual transitions: midnight skipped (Santiago),
        // half-hour DST (Lord Howe), southern hemisphere, no DST.
        return Arbitraries.of("Europe/Paris", "America/Santiago", "Australia/Lord_Howe", "America/New_York",
                "Asia/Kolkata", "UTC").map(ZoneId::of);
    }
}
