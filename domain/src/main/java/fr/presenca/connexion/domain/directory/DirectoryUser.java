package fr.presenca.connexion.domain.directory;

import java.util.Objects;

import fr.presenca.connexion.domain.connexion.EmailAddress;
import fr.presenca.connexion.domain.connexion.OrganisationId;
import fr.presenca.connexion.domain.connexion.UserId;
import io.vavr.control.Option;

/** A user of the platform (table {@code users}); its id is the {@code sub} of its tokens. */
public record DirectoryUser(UserId id, EmailAddress email, Option<OrganisationId> organisationId,
                            boolean adminPresenca) {

    public DirectoryUser {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(organisationId, "organisationId");
    }
}
