package fr.presenca.connexion.application.port.in;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import io.vavr.control.Either;
import reactor.core.publisher.Mono;

/**
 * Checks a connexion's stored key with OpenAI. OpenAI's refusal is an answer (the connexion as it now is, its status
 * set from the refusal); OpenAI out of reach or out of time fails with an UnavailableException and changes nothing.
 */
public interface VerifyConnexionUseCase {

    Mono<Either<ApplicationError, Connexion>> verifyConnexion(Caller caller, ConnexionId id);
}
