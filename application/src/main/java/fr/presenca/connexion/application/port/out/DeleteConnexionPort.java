package fr.presenca.connexion.application.port.out;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import reactor.core.publisher.Mono;

/** Deletes a connexion the caller may see; false when there was none. */
public interface DeleteConnexionPort {

    Mono<Boolean> deleteConnexion(Caller caller, ConnexionId id);
}
