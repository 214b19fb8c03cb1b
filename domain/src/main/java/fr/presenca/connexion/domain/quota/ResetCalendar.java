package fr.presenca.connexion.domain.quota;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;

/**
 * When counters reset: the daily quota at local midnight, the monthly budget at midnight on the
 * first day of the month, both in one configurable zone. Computed through local dates and
 * {@code atStartOfDay(zone)} so that 23- and 25-hour days (DST) and zones where midnight does not
 * exist get the right instant; never by adding 24 hours.
 */
public final class ResetCalendar {

    /** The platform's reference zone unless configured otherwise. */
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/Paris");

    private ResetCalendar() {
    }

    /** The first local midnight strictly after {@code instant}. */
    public static Instant nextDailyReset(Instant instant, ZoneId zone) {
        return instant.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** The first local midnight of the month following the one {@code instant} falls in. */
    public static Instant nextMonthlyReset(Instant instant, ZoneId zone) {
        return YearMonth.from(instant.atZone(zone)).plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
    }
}
