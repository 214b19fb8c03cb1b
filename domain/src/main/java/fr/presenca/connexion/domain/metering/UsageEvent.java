package fr.presenca.connexion.domain.metering;

import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.connexion.ModelName;
import fr.presenca.connexion.domain.connexion.UserId;
import fr.presenca.connexion.domain.cost.ModelPrice;
import fr.presenca.connexion.domain.cost.Pricing;
import fr.presenca.connexion.domain.cost.Usd;
import io.vavr.control.Option;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the ledger: a completed OpenAI call, its tokens and its exact cost.
 *
 * @param cachedInputTokens the part of the input tokens OpenAI served from its prompt cache
 * @param reservationId  the reservation it settled, if any
 * @param idempotencyKey the caller's key, unique per connexion
 * @param createdBy      the caller's token subject
 * @param upstreamRequestId OpenAI's request id (x-request-id) of a call the gateway forwarded
 */
public record UsageEvent(UsageEventId id, ConnexionId connexionId, ModelName model, int inputTokens,
                         int cachedInputTokens, int outputTokens,
                         Usd cost, Option<ReservationId> reservationId, IdempotencyKey idempotencyKey,
                         Instant createdAt, Option<UserId> createdBy, Option<String> upstreamRequestId) {

    /** Usage reported by a caller (recordUsage), with no OpenAI request id. */
    public UsageEvent(UsageEventId id, ConnexionId connexionId, ModelName model, int inputTokens, int cachedInputTokens,
                      int outputTokens, Usd cost, Option<ReservationId> reservationId, IdempotencyKey idempotencyKey,
                      Instant createdAt, Option<UserId> createdBy) {
        this(id, connexionId, model, inputTokens, cachedInputTokens, outputTokens, cost, reservationId, idempotencyKey,
                createdAt, createdBy, Option.none());
    }

    public UsageEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(connexionId, "connexionId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(reservationId, "reservationId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(upstreamRequestId, "upstreamRequestId");
        if (inputTokens < 0 || cachedInputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("token counts must be >= 0");
        }
        if (cachedInputTokens > inputTokens) {
            throw new IllegalArgumentException("cached input tokens are part of the input tokens");
        }
    }

    /**
     * The exact cost of a call ({@link Pricing#costOf}, no rounding); zero for a model without a price,
     * which only a connexion without a budget may call.
     */
    public static Usd costOf(Option<ModelPrice> price, int inputTokens, int cachedInputTokens, int outputTokens) {
        return price.map(p -> Pricing.costOf(p, inputTokens, cachedInputTokens, outputTokens)).getOrElse(Usd.ZERO);
    }
}
