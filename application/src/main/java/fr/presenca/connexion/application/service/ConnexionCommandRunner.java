package fr.presenca.connexion.application.service;

import java.util.function.Function;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.application.write.ConnexionWrite;
import fr.presenca.connexion.application.port.out.LoadConnexionPort;
import fr.presenca.connexion.application.port.out.SaveConnexionPort;
import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.connexion.Transition;
import io.vavr.control.Either;
import reactor.core.publisher.Mono;

/**
 * Load → domain command → save its write (attributes and journal entries): the shape of every change to an existing
 * connexion.
 */
final class ConnexionCommandRunner {

    private final LoadConnexionPort load;
    private final SaveConnexionPort save;

    ConnexionCommandRunner(LoadConnexionPort load, SaveConnexionPort save) {
        this.load = load;
        this.save = save;
    }

    Mono<Either<ApplicationError, Connexion>> run(Caller caller, ConnexionId id,
                                                  Function<Connexion, Either<DomainError, Transition>> command) {
        return load.loadConnexion(caller, id).flatMap(found -> found.fold(
                () -> Mono.just(Either.left(notFound(id))),
                before -> command.apply(before).fold(
                        error -> Mono.just(Either.left(new ApplicationError.Rejected(error))),
                        transition -> save.updateConnexion(caller, ConnexionWrite.of(transition, caller.subject())))));
    }

    static ApplicationError notFound(ConnexionId id) {
        return new ApplicationError.NotFound("No connexion " + id.value() + " visible to the caller");
    }
}
