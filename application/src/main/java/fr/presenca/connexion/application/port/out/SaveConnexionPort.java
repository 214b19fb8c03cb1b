package fr.presenca.connexion.application.port.out;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.domain.connexion.Connexion;
import io.vavr.control.Either;
import reactor.core.publisher.Mono;

/**
 * Stores connexions under the caller's row-level security and appends the audit entry in the same
 * transaction. Answers the connexion as stored (with the audit fields the database set).
 */
public interface SaveConnexionPort {

    Mono<Either<ApplicationError, Connexion>> insertConnexion(Caller caller, Connexion connexion, AuditEntry entry);

    /**
     * Writes the fields that differ between {@code before} and {@code after}, only if none of them changed in
     * storage since {@code before} was loaded (else a Conflict): two edits never silently overwrite each other,
     * while edits of other fields and the metering counters go on concurrently.
     */
    Mono<Either<ApplicationError, Connexion>> updateConnexion(Caller caller, Connexion before, Connexion after,
                                                              AuditEntry entry);
}
