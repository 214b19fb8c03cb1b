package fr.presenca.connexion.domain.cost;

import fr.presenca.connexion.domain.quota.ResetCalendar;
import io.vavr.control.Option;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Cost limit per local calendar month (openai_limite_cout_mois, None = unlimited), the exact cost
 * recorded this month (its rounding is openai_cout_actuel_mois) and the first instant of the next month
 * (openai_reset_cout_at), which identifies the month the cost belongs to.
 */
public record MonthlyBudget(Option<Usd> limit, Usd spent, Option<Instant> resetAt) {

    public MonthlyBudget {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(spent, "spent");
        Objects.requireNonNull(resetAt, "resetAt");
        if (limit.exists(Objects::isNull) || resetAt.exists(Objects::isNull)) {
            throw new IllegalArgumentException("options must not contain null");
        }
    }

    /**
     * The month's cost as stored: the seed's 4-place {@code recorded} cost, and the exact total kept beside it for the
     * same month, if any. The exact total is the month's cost while the seed's column is its rounding; when the
     * column no longer is (someone set it outside this service, e.g. reset it by hand), the column wins.
     */
    public static Usd spentOf(Usd recorded, Option<Usd> exactTotal) {
        return exactTotal.filter(exact -> exact.rounded().equals(recorded)).getOrElse(recorded);
    }

    /** Nothing spent yet, rolling over at the start of next month. */
    public static MonthlyBudget fresh(Option<Usd> limit, Instant now, ZoneId zone) {
        return new MonthlyBudget(limit, Usd.ZERO, Option.some(ResetCalendar.nextMonthlyReset(now, zone)));
    }

    /**
     * This budget as seen at {@code instant}: a new month starts from zero. Unlike the daily quota,
     * a missing reset instant (a row adopted from a database without that column) keeps the
     * recorded cost as this month's: dropping it could let a tenant spend a month's budget twice.
     */
    public MonthlyBudget at(Instant instant, ZoneId zone) {
        return resetAt.fold(
                () -> new MonthlyBudget(limit, spent, Option.some(ResetCalendar.nextMonthlyReset(instant, zone))),
                reset -> instant.isBefore(reset) ? this : fresh(limit, instant, zone));
    }

    public boolean isUnlimited() {
        return limit.isEmpty();
    }

    /** The recorded cost reached the limit (a limit of 0 is exhausted at once). Holds do not count: they are transient. */
    public boolean exhausted() {
        return limit.exists(spent::isAtLeast);
    }

    /** What is left once the recorded cost and the {@code held} amount are deducted; None when unlimited. */
    public Option<Usd> remaining(Usd held) {
        return limit.map(l -> l.minusOrZero(spent.plus(held)));
    }

    /** Records an actual cost; may go past the limit, since money already spent is a fact. */
    public MonthlyBudget plus(Usd cost) {
        return new MonthlyBudget(limit, spent.plus(cost), resetAt);
    }

    public MonthlyBudget withLimit(Option<Usd> newLimit) {
        return new MonthlyBudget(newLimit, spent, resetAt);
    }
}
