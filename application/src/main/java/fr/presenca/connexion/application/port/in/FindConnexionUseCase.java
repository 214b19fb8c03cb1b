package fr.presenca.connexion.application.port.in;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import io.vavr.control.Option;
import reactor.core.publisher.Mono;

/** One connexion by id, absent when it does not exist or the caller may not see it. */
public interface FindConnexionUseCase {

    Mono<Option<Connexion>> findConnexion(Caller caller, ConnexionId id);
}
