package fr.presenca.connexion.application.port.in;

import java.util.Objects;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.listing.PageRequest;
import fr.presenca.connexion.domain.connexion.ConnexionId;

/** A page of one connexion's ledger; the page size is already capped by {@link PageRequest}. */
public record ListUsageEventsQuery(Caller caller, ConnexionId connexionId, PageRequest page) {

    public ListUsageEventsQuery {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(connexionId, "connexionId");
        Objects.requireNonNull(page, "page");
    }
}
