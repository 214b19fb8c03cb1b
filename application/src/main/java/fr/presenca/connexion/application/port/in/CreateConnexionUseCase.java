package fr.presenca.connexion.application.port.in;

import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.domain.connexion.Connexion;
import io.vavr.control.Either;
import reactor.core.publisher.Mono;

/** Creates a connexion with the seed's defaults for whatever the command leaves out. */
public interface CreateConnexionUseCase {

    Mono<Either<ApplicationError, Connexion>> createConnexion(CreateConnexionCommand command);
}
