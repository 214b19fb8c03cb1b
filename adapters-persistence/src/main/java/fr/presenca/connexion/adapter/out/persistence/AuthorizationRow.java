package fr.presenca.connexion.adapter.out.persistence;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/** The answer columns of one {@code openai_authorization} row. */
record AuthorizationRow(
        Boolean allowed,
        String denialReason,
        UUID reservationId,
        Integer remainingRequests,
        BigDecimal remainingBudget,
        OffsetDateTime expiresAt) {

    /** The answer columns of a statement, each prefixed; null when the row has none. */
    static AuthorizationRow read(io.r2dbc.spi.Readable row, String prefix) {
        Boolean allowed = row.get(prefix + "allowed", Boolean.class);
        if (allowed == null) {
            return null;
        }
        return new AuthorizationRow(allowed, row.get(prefix + "denial_reason", String.class),
                row.get(prefix + "reservation_id", UUID.class), row.get(prefix + "remaining_requests", Integer.class),
                row.get(prefix + "remaining_budget", BigDecimal.class), row.get(prefix + "expires_at", OffsetDateTime.class));
    }
}
