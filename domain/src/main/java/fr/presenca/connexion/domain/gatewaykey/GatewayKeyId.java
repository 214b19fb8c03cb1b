package fr.presenca.connexion.domain.gatewaykey;

import java.util.Objects;
import java.util.UUID;

/** A gateway key's id; derived from the key's hash, so a presented key names its id without a lookup. */
public record GatewayKeyId(UUID value) {

    public GatewayKeyId {
        Objects.requireNonNull(value, "value");
    }
}
