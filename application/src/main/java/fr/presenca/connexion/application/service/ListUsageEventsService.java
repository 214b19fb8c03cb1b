package fr.presenca.connexion.application.service;

import fr.presenca.connexion.application.listing.Page;
import fr.presenca.connexion.application.port.in.ListUsageEventsQuery;
import fr.presenca.connexion.application.port.in.ListUsageEventsUseCase;
import fr.presenca.connexion.application.port.out.ListUsageEventsPort;
import fr.presenca.connexion.domain.metering.UsageEvent;
import reactor.core.publisher.Mono;

public final class ListUsageEventsService implements ListUsageEventsUseCase {

    private final ListUsageEventsPort listUsageEvents;

    public ListUsageEventsService(ListUsageEventsPort listUsageEvents) {
        this.listUsageEvents = listUsageEvents;
    }

    @Override
    public Mono<Page<UsageEvent>> listUsageEvents(ListUsageEventsQuery query) {
        return listUsageEvents.listUsageEvents(query.caller(), query.connexionId(), query.page());
    }
}
