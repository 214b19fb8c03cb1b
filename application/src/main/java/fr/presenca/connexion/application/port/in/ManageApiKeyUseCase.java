package fr.presenca.connexion.application.port.in;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import io.vavr.control.Either;
import reactor.core.publisher.Mono;

/** Sets or clears a connexion's OpenAI API key; the key is write-only everywhere else. */
public interface ManageApiKeyUseCase {

    Mono<Either<ApplicationError, Connexion>> setApiKey(Caller caller, ConnexionId id, String apiKey);

    Mono<Either<ApplicationError, Connexion>> clearApiKey(Caller caller, ConnexionId id);
}
