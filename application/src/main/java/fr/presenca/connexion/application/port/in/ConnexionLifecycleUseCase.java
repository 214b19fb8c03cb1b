package fr.presenca.connexion.application.port.in;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import io.vavr.control.Either;
import io.vavr.control.Option;
import reactor.core.publisher.Mono;

/** The status lifecycle as users drive it; automatic transitions (quota, budget) happen in metering. */
public interface ConnexionLifecycleUseCase {

    Mono<Either<ApplicationError, Connexion>> activateConnexion(Caller caller, ConnexionId id);

    Mono<Either<ApplicationError, Connexion>> deactivateConnexion(Caller caller, ConnexionId id, Option<String> reason);
}
