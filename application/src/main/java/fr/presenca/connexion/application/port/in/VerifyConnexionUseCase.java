package fr.presenca.connexion.application.port.in;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.application.verification.KeyCheck;
import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import io.vavr.control.Either;
import reactor.core.publisher.Mono;

/**
 * Checks a connexion's stored key with OpenAI. OpenAI's refusal is an answer (the connexion as it now is, its status
 * set from the refusal); OpenAI out of reach or out of time fails with an UnavailableException and changes nothing.
 */
public interface VerifyConnexionUseCase {

    /** The check, with what OpenAI's answer said (for callers that act on it, such as the periodic rounds). */
    Mono<Either<ApplicationError, KeyCheck>> checkConnexionKey(Caller caller, ConnexionId id);

    /** The check, answering the connexion as it now is. */
    default Mono<Either<ApplicationError, Connexion>> verifyConnexion(Caller caller, ConnexionId id) {
        return checkConnexionKey(caller, id).map(result -> result.map(KeyCheck::connexion));
    }
}
