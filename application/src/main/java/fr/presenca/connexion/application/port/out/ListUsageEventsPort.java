package fr.presenca.connexion.application.port.out;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.listing.Page;
import fr.presenca.connexion.application.listing.PageRequest;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.metering.UsageEvent;
import reactor.core.publisher.Mono;

/**
 * A page of a connexion's ledger as the caller may see it (empty when it may not see the connexion),
 * ordered by creation instant then id; the page cursor is (createdAt, event id).
 */
public interface ListUsageEventsPort {

    Mono<Page<UsageEvent>> listUsageEvents(Caller caller, ConnexionId connexionId, PageRequest page);
}
