package fr.presenca.connexion.application.port.out;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import io.vavr.control.Option;
import reactor.core.publisher.Mono;

/** Loads one connexion as the caller may see it: a connexion the caller may not see is absent. */
public interface LoadConnexionPort {

    Mono<Option<Connexion>> loadConnexion(Caller caller, ConnexionId id);
}
