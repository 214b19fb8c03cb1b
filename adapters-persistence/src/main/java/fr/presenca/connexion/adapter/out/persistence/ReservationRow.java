package fr.presenca.connexion.adapter.out.persistence;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/** The decision-relevant columns of one {@code openai_reservation} row. */
record ReservationRow(
        UUID reservationId,
        UUID openaiConnexionId,
        String model,
        BigDecimal heldCost,
        OffsetDateTime expiresAt,
        String state) {

    /** The reservation columns of a statement, each prefixed; null when the row has none. */
    static ReservationRow read(io.r2dbc.spi.Readable row, String prefix) {
        UUID id = row.get(prefix + "reservation_id", UUID.class);
        if (id == null) {
            return null;
        }
        return new ReservationRow(id, row.get(prefix + "openai_connexion_id", UUID.class),
                row.get(prefix + "model", String.class), row.get(prefix + "held_cost", BigDecimal.class),
                row.get(prefix + "expires_at", OffsetDateTime.class), row.get(prefix + "state", String.class));
    }
}
