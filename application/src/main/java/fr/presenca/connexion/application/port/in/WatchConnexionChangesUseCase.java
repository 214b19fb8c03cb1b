package fr.presenca.connexion.application.port.in;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.change.ConnexionChange;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import io.vavr.control.Option;
import reactor.core.publisher.Flux;

/** The changes of the connexions the caller may see (or of one of them), as they are committed. */
public interface WatchConnexionChangesUseCase {

    Flux<ConnexionChange> watchConnexionChanges(Caller caller, Option<ConnexionId> connexionId);
}
