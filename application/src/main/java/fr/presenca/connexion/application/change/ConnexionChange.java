package fr.presenca.connexion.application.change;

import java.time.Instant;
import java.util.Objects;

import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.connexion.ConnexionStatus;
import fr.presenca.connexion.domain.connexion.OrganisationId;

/** A committed change of a connexion, as announced to every service instance. */
public record ConnexionChange(ConnexionId connexionId, OrganisationId organisationId, Operation operation,
                              ConnexionStatus status, Instant at) {

    public enum Operation { CREATED, UPDATED, DELETED }

    public ConnexionChange {
        Objects.requireNonNull(connexionId, "connexionId");
        Objects.requireNonNull(organisationId, "organisationId");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
    }
}
