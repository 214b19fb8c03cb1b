package fr.presenca.connexion.application.port.in;

import fr.presenca.connexion.application.listing.Page;
import fr.presenca.connexion.domain.metering.UsageEvent;
import reactor.core.publisher.Mono;

/** A page of a connexion's ledger, oldest first; empty when the caller may not see the connexion. */
public interface ListUsageEventsUseCase {

    Mono<Page<UsageEvent>> listUsageEvents(ListUsageEventsQuery query);
}
