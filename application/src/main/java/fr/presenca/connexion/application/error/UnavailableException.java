package fr.presenca.connexion.application.error;

/**
 * The service cannot answer now, through no fault of the request: the database cannot be reached, or a wait (for
 * a connexion's row lock, in the queue of a busy connexion, for a statement or a pooled connection) ran out of time.
 * Nothing was committed for the call, unless its answer was already stored under its idempotency key: the caller
 * retries with the same key and gets either that answer or a fresh decision, never a second count.
 *
 * <p>An exception rather than an {@link ApplicationError} value: it is I/O failing, which any port may meet, not a
 * refusal a use case decides. The message is written for the caller; the cause is for the logs.
 */
public class UnavailableException extends RuntimeException {

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public UnavailableException(String message) {
        super(message);
    }
}
