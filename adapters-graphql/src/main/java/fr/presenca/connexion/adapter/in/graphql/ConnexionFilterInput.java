package fr.presenca.connexion.adapter.in.graphql;

import fr.presenca.connexion.domain.connexion.ClientType;
import fr.presenca.connexion.domain.connexion.ConnexionStatus;

/** The GraphQL {@code ConnexionFilter} input as received (ids still unparsed). */
record ConnexionFilterInput(String organisationId, ClientType clientType, String clientId, ConnexionStatus status,
                            Boolean active) {
}
