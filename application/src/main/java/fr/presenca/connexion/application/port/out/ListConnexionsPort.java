package fr.presenca.connexion.application.port.out;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.listing.ConnexionCriteria;
import fr.presenca.connexion.application.listing.Page;
import fr.presenca.connexion.application.listing.PageRequest;
import fr.presenca.connexion.domain.connexion.Connexion;
import reactor.core.publisher.Mono;

/** Lists the connexions the caller may see, in the stable order of {@link PageCursor}. */
public interface ListConnexionsPort {

    Mono<Page<Connexion>> listConnexions(Caller caller, ConnexionCriteria criteria, PageRequest page);
}
