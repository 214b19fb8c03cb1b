package fr.presenca.connexion.adapter.in.graphql;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import fr.presenca.connexion.domain.policy.DenialReason;

/** The GraphQL types and inputs of metering.graphqls, field for field. */
final class MeteringViews {

    private MeteringViews() {
    }

    /** {@code Authorization}. */
    record AuthorizationView(boolean allowed, DenialReason reason, String reservationId, Integer remainingRequests,
                             BigDecimal remainingBudget, OffsetDateTime expiresAt) {
    }

    /** {@code UsageEvent}. */
    record UsageEventView(String id, String connexionId, String model, int inputTokens, int cachedInputTokens,
                          int outputTokens, BigDecimal cost,
                          String reservationId, String idempotencyKey, OffsetDateTime createdAt, String createdBy) {
    }

    /** {@code ModelPrice}. */
    record ModelPriceView(String model, BigDecimal inputPerMillion, BigDecimal cachedInputPerMillion,
                          BigDecimal outputPerMillion, Integer maxOutputTokens, OffsetDateTime effectiveFrom) {
    }

    /** {@code UsageBucket}. */
    record UsageBucketView(java.time.LocalDate day, String model, String connexionId, long requests, long inputTokens,
                           long cachedInputTokens, long outputTokens, BigDecimal cost) {
    }

    /** {@code AuthorizeRequestInput} as received. */
    record AuthorizeRequestInput(String connexionId, String model, Integer estimatedInputTokens, Integer maxOutputTokens,
                                 String idempotencyKey) {
    }

    /** {@code RecordUsageInput} as received. */
    record RecordUsageInput(String connexionId, String reservationId, String model, Integer inputTokens,
                            Integer cachedInputTokens, Integer outputTokens, String idempotencyKey) {
    }

    /** {@code UpsertModelPriceInput} as received. */
    record UpsertModelPriceInput(String model, BigDecimal inputPerMillion, BigDecimal cachedInputPerMillion,
                                 BigDecimal outputPerMillion, Integer maxOutputTokens, OffsetDateTime effectiveFrom) {
    }
}
