package fr.presenca.connexion.application.service;

import fr.presenca.connexion.application.port.in.ListConnexionsQuery;
import fr.presenca.connexion.application.port.in.ListConnexionsUseCase;
import fr.presenca.connexion.application.port.out.ListConnexionsPort;
import fr.presenca.connexion.application.listing.Page;
import fr.presenca.connexion.domain.connexion.Connexion;
import reactor.core.publisher.Mono;

public final class ListConnexionsService implements ListConnexionsUseCase {

    private final ListConnexionsPort listConnexions;

    public ListConnexionsService(ListConnexionsPort listConnexions) {
        this.listConnexions = listConnexions;
    }

    @Override
    public Mono<Page<Connexion>> listConnexions(ListConnexionsQuery query) {
        return listConnexions.listConnexions(query.caller(), query.criteria(), query.page());
    }
}
