package fr.presenca.connexion.adapter.out.persistence;

import java.time.Duration;
import java.util.Objects;

/**
 * How long and how many metering decisions may wait, so that one locked or very hot connexion cannot stall the
 * others.
 *
 * @param lockTimeout            the longest a decision waits for its connexion: in this instance's queue and for
 *                               the row lock together
 * @param statementTimeout       the longest one statement of a decision may run
 * @param concurrentPerConnexion how many decisions of one connexion may hold a pooled connection at once (the first
 *                               holds the row lock, the others wait for it in the database)
 * @param queuedPerConnexion     how many more may wait in memory for their turn; beyond, refused at once
 */
public record DecisionLimits(Duration lockTimeout, Duration statementTimeout, int concurrentPerConnexion,
                             int queuedPerConnexion) {

    private static final Duration SHORTEST = Duration.ofMillis(1);

    public DecisionLimits {
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Objects.requireNonNull(statementTimeout, "statementTimeout");
        // PostgreSQL reads 0 as "no timeout": the shortest bound is one millisecond.
        if (lockTimeout.compareTo(SHORTEST) < 0 || statementTimeout.compareTo(SHORTEST) < 0) {
            throw new IllegalArgumentException("the lock and statement timeouts must be at least 1 ms");
        }
        if (concurrentPerConnexion < 1 || queuedPerConnexion < 0) {
            throw new IllegalArgumentException("at least 1 concurrent decision per connexion, and a queue of 0 or more");
        }
    }

    /**
     * The longest a whole decision may take before the service stops waiting for the database itself (which bounds
     * it too): the lock timeout, then the locking read and the write (a statement timeout each), and COMMIT. Only
     * reached when the server does not answer at all.
     */
    Duration clientDeadline() {
        return lockTimeout.plus(statementTimeout.multipliedBy(3));
    }
}
