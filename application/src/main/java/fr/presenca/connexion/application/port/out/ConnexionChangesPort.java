package fr.presenca.connexion.application.port.out;

import fr.presenca.connexion.application.change.ConnexionChange;
import reactor.core.publisher.Flux;

/** Every committed change of any connexion, from now on, whichever instance made it. Unfiltered. */
public interface ConnexionChangesPort {

    Flux<ConnexionChange> connexionChanges();
}
