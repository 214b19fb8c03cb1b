package fr.presenca.connexion.application.caller;

import java.util.Objects;

import fr.presenca.connexion.domain.connexion.OrganisationId;
import io.vavr.control.Option;

/** What a caller may see, as the database's helper functions say: its organisation, and whether it sees all. */
public record CallerScope(Option<OrganisationId> organisation, boolean seesEverything) {

    public CallerScope {
        Objects.requireNonNull(organisation, "organisation");
    }

    public boolean sees(OrganisationId owner) {
        return seesEverything || organisation.contains(owner);
    }
}
