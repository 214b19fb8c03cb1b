package fr.presenca.connexion.application.port.in;

import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.domain.connexion.Connexion;
import io.vavr.control.Either;
import reactor.core.publisher.Mono;

public interface UpdateConnexionUseCase {

    Mono<Either<ApplicationError, Connexion>> updateConnexion(UpdateConnexionCommand command);
}
