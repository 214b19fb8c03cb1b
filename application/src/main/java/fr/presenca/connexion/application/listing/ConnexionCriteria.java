package fr.presenca.connexion.application.listing;

import fr.presenca.connexion.domain.connexion.ClientId;
import fr.presenca.connexion.domain.connexion.ClientType;
import fr.presenca.connexion.domain.connexion.ConnexionStatus;
import fr.presenca.connexion.domain.connexion.OrganisationId;
import io.vavr.control.Option;

/** Which connexions a listing keeps; an empty option does not filter. */
public record ConnexionCriteria(Option<OrganisationId> organisationId, Option<ClientType> clientType,
                                Option<ClientId> clientId, Option<ConnexionStatus> status, Option<Boolean> active) {

    public static ConnexionCriteria all() {
        return new ConnexionCriteria(Option.none(), Option.none(), Option.none(), Option.none(), Option.none());
    }
}
