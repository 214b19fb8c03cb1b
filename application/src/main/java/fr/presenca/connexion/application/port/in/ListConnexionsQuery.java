package fr.presenca.connexion.application.port.in;

import java.util.Objects;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.listing.ConnexionCriteria;
import fr.presenca.connexion.application.listing.PageRequest;

/** A listing request; the page size is already capped by {@link PageRequest}. */
public record ListConnexionsQuery(Caller caller, ConnexionCriteria criteria, PageRequest page) {

    public ListConnexionsQuery {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(criteria, "criteria");
        Objects.requireNonNull(page, "page");
    }
}
