package fr.presenca.connexion.domain.quota;

import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.DomainError.InvalidField;
import io.vavr.control.Either;
import io.vavr.control.Option;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Requests allowed per local day (openai_limite_quotidienne, None = unlimited), requests used
 * since the last reset (openai_usage_quotidien) and the instant the usage next resets
 * (openai_reset_quota_at; None on adopted rows, meaning "reset at the next evaluation").
 */
public record DailyQuota(Option<Integer> limit, int usage, Option<Instant> resetAt) {

    public static final String LIMIT_FIELD = "dailyRequestLimit";

    public DailyQuota {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(resetAt, "resetAt");
        limit.forEach(l -> {
            if (l == null || l < 0) {
                throw new IllegalArgumentException("daily limit must be >= 0");
            }
        });
        if (resetAt.exists(Objects::isNull)) {
            throw new IllegalArgumentException("resetAt must not contain null");
        }
        if (usage < 0) {
            throw new IllegalArgumentException("daily usage must be >= 0");
        }
    }

    public static Either<DomainError, DailyQuota> of(Option<Integer> limit, int usage, Option<Instant> resetAt) {
        return validLimit(limit).flatMap(l -> usage < 0
                ? Either.left(InvalidField.of("dailyUsage", "must be >= 0"))
                : Either.right(new DailyQuota(l, usage, resetAt)));
    }

    /** A limit as typed by a user: absent (unlimited) or a non-negative number of requests. */
    public static Either<DomainError, Option<Integer>> validLimit(Option<Integer> limit) {
        return limit.exists(l -> l == null || l < 0)
                ? Either.left(InvalidField.of(LIMIT_FIELD, "must be >= 0 (or absent for unlimited)"))
                : Either.right(limit);
    }

    /** Nothing used yet, next reset at the coming local midnight. */
    public static DailyQuota fresh(Option<Integer> limit, Instant now, ZoneId zone) {
        return new DailyQuota(limit, 0, Option.some(ResetCalendar.nextDailyReset(now, zone)));
    }

    /**
     * This quota as seen at {@code instant}: once the reset instant is reached (or when none is
     * known) usage starts again from zero until the next local midnight.
     */
    public DailyQuota at(Instant instant, ZoneId zone) {
        boolean due = resetAt.fold(() -> true, reset -> !instant.isBefore(reset));
        return due ? fresh(limit, instant, zone) : this;
    }

    public boolean isUnlimited() {
        return limit.isEmpty();
    }

    /** No request may be admitted any more (usage reached or passed the limit; a limit of 0 is exhausted at once). */
    public boolean exhausted() {
        return limit.exists(l -> usage >= l);
    }

    /** Requests left before the limit; None when unlimited. */
    public Option<Integer> remaining() {
        return limit.map(l -> Math.max(0, l - usage));
    }

    /** One more request counted; None when that would go over the limit, so usage never passes it by admission. */
    public Option<DailyQuota> consumeOne() {
        return exhausted() ? Option.none() : Option.some(new DailyQuota(limit, Math.addExact(usage, 1), resetAt));
    }

    public DailyQuota withLimit(Option<Integer> newLimit) {
        return new DailyQuota(newLimit, usage, resetAt);
    }
}
