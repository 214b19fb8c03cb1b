package fr.presenca.connexion.domain.connexion;

import java.util.Objects;
import java.util.UUID;

/** Identity of a connexion (openai_connexion_id). */
public record ConnexionId(UUID value) {
    public ConnexionId {
        Objects.requireNonNull(value, "ConnexionId.value");
    }

    public static ConnexionId of(UUID value) {
        return new ConnexionId(value);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
