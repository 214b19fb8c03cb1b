package fr.presenca.connexion.domain.connexion;

import java.util.Objects;
import java.util.UUID;

/** The tenant owning a connexion (organisation_id); row-level security isolates on it. */
public record OrganisationId(UUID value) {
    public OrganisationId {
        Objects.requireNonNull(value, "OrganisationId.value");
    }

    public static OrganisationId of(UUID value) {
        return new OrganisationId(value);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
