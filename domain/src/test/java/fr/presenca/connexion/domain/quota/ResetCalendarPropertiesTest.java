package fr.presenca.connexion.domain.quota;

import fr.presenca.connexion.domain.fixture.RandomCases;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static fr.presenca.connexion.domain.fixture.RandomCases.between;
import static fr.presenca.connexion.domain.fixture.RandomCases.oneOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reset instants characterised without the formula that computes them: the next daily reset is
 * the first instant whose local date is after the given instant's; likewise for the month. Each
 * property runs on 2000 seeded random instants from 2020 to 2036 in six zones, and on edge instants
 * in every zone: the range's bounds, the 2026 DST days of Europe/Paris (2026-03-29 and 2026-10-25),
 * month ends (Feb 28, Feb 29 2028, Dec 31…) and each zone's own offset transitions in 2026 and 2028.
 */
@DisplayName("The reset calendar, for any instant and zone")
class ResetCalendarPropertiesTest {

    static final int TRIES = 2000;
    static final Instant FROM = Instant.parse("2020-01-01T00:00:00Z");
    static final Instant TO = Instant.parse("2036-01-01T00:00:00Z");
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    /**
     * Paris (the default), plus zones with unusual transitions: midnight skipped (Santiago),
     * half-hour DST (Lord Howe), southern hemisphere, no DST.
     */
    static final List<ZoneId> ZONES = List.of(PARIS, ZoneId.of("America/Santiago"), ZoneId.of("Australia/Lord_Howe"),
            ZoneId.of("America/New_York"), ZoneId.of("Asia/Kolkata"), ZoneId.of("UTC"));
    /** Local days whose first and last instants are edges: DST days in Paris and month ends. */
    static final List<LocalDate> EDGE_DAYS = List.of(LocalDate.of(2026, 3, 29), LocalDate.of(2026, 10, 25),
            LocalDate.of(2026, 1, 31), LocalDate.of(2026, 2, 28), LocalDate.of(2026, 4, 30), LocalDate.of(2026, 12, 31),
            LocalDate.of(2028, 2, 28), LocalDate.of(2028, 2, 29), LocalDate.of(2035, 12, 31));

    /** An instant seen in a zone. */
    record At(Instant instant, ZoneId zone) {
        @Override
        public String toString() {
            return instant + " in " + zone + " (" + instant.atZone(zone).toLocalDateTime() + " local)";
        }
    }

    @Nested
    @DisplayName("the daily reset")
    class Daily {

        @Test
        @DisplayName("is the first instant of the next local day")
        void firstInstantOfTheNextLocalDay() {
            RandomCases.of(0x5EED_CA1E_0001L, TRIES, ResetCalendarPropertiesTest::anyInstant)
                    .withEdgeCases(edgeInstants())
                    .check(at -> {
                        Instant next = ResetCalendar.nextDailyReset(at.instant(), at.zone());
                        assertThat(next).isAfter(at.instant());
                        assertThat(next.atZone(at.zone()).toLocalDate()).isAfter(at.instant().atZone(at.zone()).toLocalDate());
                        assertThat(next.minusNanos(1).atZone(at.zone()).toLocalDate())
                                .isEqualTo(at.instant().atZone(at.zone()).toLocalDate());
                    });
        }
    }

    @Nested
    @DisplayName("the monthly roll-over")
    class Monthly {

        @Test
        @DisplayName("is the first instant of the next local month")
        void firstInstantOfTheNextLocalMonth() {
            RandomCases.of(0x5EED_CA1E_0002L, TRIES, ResetCalendarPropertiesTest::anyInstant)
                    .withEdgeCases(edgeInstants())
                    .check(at -> {
                        Instant next = ResetCalendar.nextMonthlyReset(at.instant(), at.zone());
                        YearMonth month = YearMonth.from(at.instant().atZone(at.zone()));
                        assertThat(YearMonth.from(next.atZone(at.zone()))).isEqualTo(month.plusMonths(1));
                        assertThat(YearMonth.from(next.minusNanos(1).atZone(at.zone()))).isEqualTo(month);
                    });
        }
    }

    @Test
    @DisplayName("the edge instants include the Paris DST switches, Feb 29 and each zone's transitions")
    void edgesCoverWhatTheyClaim() {
        List<At> edges = edgeInstants();
        assertThat(edges).contains(
                new At(Instant.parse("2026-03-29T01:00:00Z"), PARIS),
                new At(Instant.parse("2026-10-25T01:00:00Z"), PARIS),
                new At(Instant.parse("2028-02-29T22:59:59Z"), PARIS),
                new At(FROM, ZoneId.of("UTC")),
                new At(TO, ZoneId.of("Asia/Kolkata")));
        assertThat(edges).extracting(At::zone).containsAll(ZONES);
    }

    /** A second from 2020 to 2036 in one of the zones. */
    static At anyInstant(SplittableRandom random) {
        return new At(Instant.ofEpochSecond(between(random, FROM.getEpochSecond(), TO.getEpochSecond())),
                oneOf(random, ZONES));
    }

    /** For every zone: the bounds, the edge days' first and last seconds and noon (local and in Paris), and transitions. */
    static List<At> edgeInstants() {
        List<At> edges = new ArrayList<>();
        for (ZoneId zone : ZONES) {
            Set<Instant> instants = new LinkedHashSet<>();
            instants.add(FROM);
            instants.add(FROM.plusSeconds(1));
            instants.add(TO.minusSeconds(1));
            instants.add(TO);
            for (LocalDate day : EDGE_DAYS) {
                for (ZoneId dayZone : List.of(zone, PARIS)) {
                    Instant start = day.atStartOfDay(dayZone).toInstant();
                    Instant end = day.plusDays(1).atStartOfDay(dayZone).toInstant();
                    instants.add(start.minusSeconds(1));
                    instants.add(start);
                    instants.add(day.atTime(12, 0).atZone(dayZone).toInstant());
                    instants.add(end.minusSeconds(1));
                }
            }
            for (int year : List.of(2026, 2028)) {
                Instant cursor = LocalDate.of(year, 1, 1).atStartOfDay(zone).toInstant().minusSeconds(1);
                Instant yearEnd = LocalDate.of(year + 1, 1, 1).atStartOfDay(zone).toInstant();
                ZoneOffsetTransition transition = zone.getRules().nextTransition(cursor);
                while (transition != null && transition.getInstant().isBefore(yearEnd)) {
                    instants.add(transition.getInstant().minusSeconds(1));
                    instants.add(transition.getInstant());
                    instants.add(transition.getInstant().plusSeconds(1));
                    transition = zone.getRules().nextTransition(transition.getInstant());
                }
            }
            instants.forEach(instant -> edges.add(new At(instant, zone)));
        }
        return edges;
    }
}
