package fr.presenca.connexion.adapter.out.persistence;

import java.util.function.Function;

import fr.presenca.connexion.application.error.ApplicationError;
import io.r2dbc.spi.R2dbcException;
import io.vavr.control.Either;
import reactor.core.publisher.Mono;

/**
 * The database's refusals that are the caller's doing, as application errors; anything else stays an
 * exception (a bug or an outage). Messages are ours: PostgreSQL's texts can quote row values.
 */
final class DatabaseErrors {

    static final String INSUFFICIENT_PRIVILEGE = "42501";
    static final String FOREIGN_KEY_VIOLATION = "23503";
    static final String UNIQUE_VIOLATION = "23505";

    private DatabaseErrors() {
    }

    static <T> Function<Throwable, Mono<Either<ApplicationError, T>>> translate(String what,
                                                                                 String referenceField) {
        return error -> {
            R2dbcException database = cause(error);
            if (database == null) {
                return Mono.error(error);
            }
            String state = database.getSqlState();
            if (INSUFFICIENT_PRIVILEGE.equals(state)) {
                // Also what a row-level security WITH CHECK failure reports.
                return Mono.just(Either.left(new ApplicationError.Forbidden("The caller may not write this " + what)));
            }
            if (FOREIGN_KEY_VIOLATION.equals(state) && referenceField != null) {
                return Mono.just(Either.left(new ApplicationError.InvalidReference(referenceField,
                        referenceField + ": no such organisation")));
            }
            if (UNIQUE_VIOLATION.equals(state)) {
                return Mono.just(Either.left(new ApplicationError.Conflict("This " + what + " already exists")));
            }
            return Mono.error(error);
        };
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
