package fr.presenca.connexion.adapter.out.persistence;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One row of {@code openai_usage_event}, column for column. */
record UsageEventRow(
        UUID usageEventId,
        UUID openaiConnexionId,
        String model,
        Integer inputTokens,
        Integer cachedInputTokens,
        Integer outputTokens,
        BigDecimal cost,
        UUID reservationId,
        String idempotencyKey,
        OffsetDateTime createdAt,
        UUID createdBy,
        String upstreamRequestId) {

    static final String COLUMNS = "usage_event_id, openai_connexion_id, model, input_tokens, cached_input_tokens, output_tokens, cost,"
            + " reservation_id, idempotency_key, created_at, created_by, upstream_request_id";

    /** The columns of a statement, each prefixed; null when the row has none. */
    static UsageEventRow read(io.r2dbc.spi.Readable row, String prefix) {
        UUID id = row.get(prefix + "usage_event_id", UUID.class);
        if (id == null) {
            return null;
        }
        return new UsageEventRow(id, row.get(prefix + "openai_connexion_id", UUID.class),
                row.get(prefix + "model", String.class), row.get(prefix + "input_tokens", Integer.class),
                row.get(prefix + "cached_input_tokens", Integer.class), row.get(prefix + "output_tokens", Integer.class), row.get(prefix + "cost", BigDecimal.class),
                row.get(prefix + "reservation_id", UUID.class), row.get(prefix + "idempotency_key", String.class),
                row.get(prefix + "created_at", OffsetDateTime.class), row.get(prefix + "created_by", UUID.class),
                row.get(prefix + "upstream_request_id", String.class));
    }
}
