package fr.presenca.connexion.application.listing;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import fr.presenca.connexion.domain.connexion.Connexion;

/**
 * A position in the stable order of connexions: creation instant, then id (ids break ties, so the order is
 * total and keyset pagination never skips or repeats a row).
 */
public record PageCursor(Instant createdAt, UUID id) {

    public PageCursor {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(id, "id");
    }

    public static PageCursor of(Connexion connexion) {
        return new PageCursor(connexion.audit().createdAt(), connexion.id().value());
    }
}
