package fr.presenca.connexion.domain.directory;

import java.util.Objects;

import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.DomainError.InvalidField;
import fr.presenca.connexion.domain.connexion.OrganisationId;
import io.vavr.control.Either;

/** A tenant of the platform: a network or an agency's organisation (table {@code organisations}). */
public record Organisation(OrganisationId id, String name) {

    public static final int MAX_NAME_LENGTH = 200;

    public Organisation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
    }

    /** A display name: trimmed, not blank, at most 200 characters. */
    public static Either<DomainError, String> validName(String name) {
        if (name == null || name.isBlank()) {
            return Either.left(InvalidField.of("name", "must not be blank"));
        }
        String trimmed = name.trim();
        if (trimmed.length() > MAX_NAME_LENGTH) {
            return Either.left(InvalidField.of("name", "must be at most " + MAX_NAME_LENGTH + " characters"));
        }
        return Either.right(trimmed);
    }
}
