package fr.presenca.connexion.domain.connexion;

import java.util.Objects;
import java.util.UUID;

/** The network or agency a connexion serves (client_id). */
public record ClientId(UUID value) {
    public ClientId {
        Objects.requireNonNull(value, "ClientId.value");
    }

    public static ClientId of(UUID value) {
        return new ClientId(value);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
