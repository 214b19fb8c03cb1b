package fr.presenca.connexion.domain.metering;

import java.util.Objects;
import java.util.UUID;

/** Identity of a usage event of the ledger. */
public record UsageEventId(UUID value) {
    public UsageEventId {
        Objects.requireNonNull(value, "UsageEventId.value");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
