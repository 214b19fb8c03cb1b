package fr.presenca.connexion.application.port.in;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import io.vavr.control.Either;
import reactor.core.publisher.Mono;

public interface DeleteConnexionUseCase {

    Mono<Either<ApplicationError, ConnexionId>> deleteConnexion(Caller caller, ConnexionId id);
}
