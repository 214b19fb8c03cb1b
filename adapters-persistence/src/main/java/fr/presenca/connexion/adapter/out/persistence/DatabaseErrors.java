package fr.presenca.connexion.adapter.out.persistence;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.application.error.UnavailableException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import io.vavr.control.Either;
import io.vavr.control.Option;
import reactor.core.publisher.Mono;

/**
 * The one place where SQLSTATEs are read. The database's refusals that are the caller's doing, as application
 * errors; an outage or a wait that ran out of time, as {@link UnavailableException} (the caller retries with the same
 * idempotency key); anything else stays the exception it is (a bug). Messages are ours: PostgreSQL's texts can quote
 * row values.
 */
final class DatabaseErrors {

    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final String QUERY_CANCELED = "57014";

    /**
     * SQLSTATEs after which the transaction is rolled back and the same call may succeed later: lock and statement
     * timeouts, a deadlock or serialization failure, the server shutting down, restarting or out of connections.
     */
    private static final Set<String> TRANSIENT_STATES = Set.of(LOCK_NOT_AVAILABLE, QUERY_CANCELED, "40001", "40P01",
            "57P01", "57P02", "57P03", "53300");
    /** SQLSTATE classes of the same kind: 08 connection exception, 53 insufficient resources. */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "53");

    private DatabaseErrors() {
    }

    /**
     * A write's refusals by the database: INSUFFICIENT_PRIVILEGE (also what a row-level security WITH CHECK failure
     * reports) is Forbidden, a FOREIGN_KEY_VIOLATION an InvalidReference on {@code referenceField} (when the write
     * has one), a UNIQUE_VIOLATION a Conflict; any other failure stays the exception it is.
     *
     * @param what           the thing written, as the messages name it ("connexion")
     * @param referenceField the input field whose reference a foreign key checks, or null
     */
    static <T> Function<Throwable, Mono<Either<ApplicationError, T>>> translate(String what,
                                                                                 String referenceField) {
        return refusedAs(state -> switch (state) {
            case INSUFFICIENT_PRIVILEGE -> Option.some(new ApplicationError.Forbidden("The caller may not write this "
                    + what));
            case FOREIGN_KEY_VIOLATION -> Option.of(referenceField).map(field -> new ApplicationError.InvalidReference(
                    field, field + ": no such organisation"));
            case UNIQUE_VIOLATION -> Option.some(new ApplicationError.Conflict("This " + what + " already exists"));
            default -> Option.none();
        });
    }

    /**
     * A write that only row-level security refuses: INSUFFICIENT_PRIVILEGE is Forbidden with this message; any other
     * failure stays the exception it is.
     */
    static <T> Function<Throwable, Mono<Either<ApplicationError, T>>> forbiddenByRowSecurity(String message) {
        return refusedAs(state -> INSUFFICIENT_PRIVILEGE.equals(state)
                ? Option.some(new ApplicationError.Forbidden(message)) : Option.none());
    }

    private static <T> Function<Throwable, Mono<Either<ApplicationError, T>>> refusedAs(
            Function<String, Option<ApplicationError>> bySqlState) {
        return error -> {
            R2dbcException database = cause(error);
            Option<ApplicationError> refusal = database == null || database.getSqlState() == null ? Option.none()
                    : bySqlState.apply(database.getSqlState());
            return refusal.isDefined() ? Mono.just(Either.left(refusal.get())) : Mono.error(error);
        };
    }

    /**
     * The error as the caller should see it: {@link UnavailableException} when the database could not be reached or
     * a wait ran out of time (connection refused or lost, no pooled connection in time, lock or statement timeout,
     * the server restarting), the error itself otherwise.
     */
    static Throwable unavailableOr(Throwable error) {
        if (error instanceof UnavailableException) {
            return error;
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof R2dbcException database) {
                String state = database.getSqlState();
                if (LOCK_NOT_AVAILABLE.equals(state)) {
                    return new UnavailableException("The connexion stayed locked by another transaction for the whole"
                            + " lock timeout; retry with the same idempotency key", error);
                }
                if (QUERY_CANCELED.equals(state)) {
                    return new UnavailableException("The database did not finish in time; retry with the same"
                            + " idempotency key", error);
                }
                if (isTransient(database)) {
                    return new UnavailableException("The database cannot be reached; retry with the same idempotency key",
                            error);
                }
            }
            if (t instanceof TimeoutException || t instanceof IOException) {
                return new UnavailableException("The database cannot be reached; retry with the same idempotency key",
                        error);
            }
        }
        return error;
    }

    private static boolean isTransient(R2dbcException database) {
        String state = database.getSqlState();
        if (state != null && (TRANSIENT_STATES.contains(state)
                || (state.length() == 5 && TRANSIENT_CLASSES.contains(state.substring(0, 2))))) {
            return true;
        }
        // Connection refused, closed or lost, the driver's queue, a pool acquisition or validation that timed out.
        return database instanceof R2dbcNonTransientResourceException || database instanceof R2dbcTransientResourceException
                || database instanceof R2dbcTimeoutException;
    }

    private static R2dbcException cause(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof R2dbcException database) {
                return database;
            }
        }
        return null;
    }
}
