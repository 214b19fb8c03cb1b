package fr.presenca.connexion.application.port.out;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.application.write.ConnexionWrite;
import fr.presenca.connexion.domain.connexion.Connexion;
import io.vavr.control.Either;
import reactor.core.publisher.Mono;

/**
 * Stores connexions under the caller's row-level security, with the write's journal entries in the same statement.
 * Answers the connexion as stored (with the audit fields the database set).
 */
public interface SaveConnexionPort {

    /** A new connexion: every attribute, and its journal made of the write's entries. */
    Mono<Either<ApplicationError, Connexion>> insertConnexion(Caller caller, ConnexionWrite write);

    /**
     * Writes the changed attributes only if none of them changed in storage since {@code write.before()} was loaded
     * (else a Conflict; the API key, stored as ciphertext no two writes share, is not compared): two edits never
     * silently overwrite each other, while edits of other attributes and the metering counters go on concurrently.
     */
    Mono<Either<ApplicationError, Connexion>> updateConnexion(Caller caller, ConnexionWrite write);
}
