package fr.presenca.connexion.application.port.in;

import java.time.Duration;
import java.util.Objects;

/**
 * How a verification round runs.
 *
 * @param interval    how long a check holds: a connexion is due again once its last check (or lastSyncAt) is older
 * @param retryDelay  the delay after a first check without a verdict; it doubles with each one in a row, up to the
 *                    interval
 * @param concurrency how many connexions are checked at once
 */
public record VerificationRoundCommand(Duration interval, Duration retryDelay, int concurrency) {

    public VerificationRoundCommand {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(retryDelay, "retryDelay");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the verification interval must be positive, not " + interval);
        }
        if (retryDelay.isNegative() || retryDelay.isZero() || retryDelay.compareTo(interval) > 0) {
            throw new IllegalArgumentException("the retry delay must be positive and at most the interval, not " + retryDelay);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("the verification concurrency must be at least 1, not " + concurrency);
        }
    }

    /** The delay before the next try after {@code failures} checks in a row without a verdict (at least 1). */
    public Duration delayAfter(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("a retry follows at least one failure");
        }
        Duration delay = retryDelay;
        for (int i = 1; i < failures && delay.compareTo(interval) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(interval) < 0 ? delay : interval;
    }
}
