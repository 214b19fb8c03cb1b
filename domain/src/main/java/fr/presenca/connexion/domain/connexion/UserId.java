package fr.presenca.connexion.domain.connexion;

import java.util.Objects;
import java.util.UUID;

/** A platform user (users.users_id), the subject of a caller's token. */
public record UserId(UUID value) {
    public UserId {
        Objects.requireNonNull(value, "UserId.value");
    }

    public static UserId of(UUID value) {
        return new UserId(value);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
