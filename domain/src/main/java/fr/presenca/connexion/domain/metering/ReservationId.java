package fr.presenca.connexion.domain.metering;

import java.util.Objects;
import java.util.UUID;

/** Identity of a reservation (a cost held by an admitted request), returned by authorizeRequest. */
public record ReservationId(UUID value) {
    public ReservationId {
        Objects.requireNonNull(value, "ReservationId.value");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
