package fr.presenca.connexion.application.port.in;

import fr.presenca.connexion.application.listing.Page;
import fr.presenca.connexion.domain.connexion.Connexion;
import reactor.core.publisher.Mono;

/** A page of the connexions the caller may see. */
public interface ListConnexionsUseCase {

    Mono<Page<Connexion>> listConnexions(ListConnexionsQuery query);
}
