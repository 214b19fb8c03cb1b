package fr.presenca.connexion.application.metering;

import java.time.Instant;
import java.util.Objects;

import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.connexion.ModelName;
import fr.presenca.connexion.domain.metering.IdempotencyKey;
import io.vavr.control.Option;

/**
 * What the quota port locks and loads for one admission decision made at {@code at}.
 *
 * @param connexionId the connexion to decide on; None for a gateway key's call: its key's connexion, found (the key
 *                    checked, its use noted) by the locking statement itself
 * @param readsApiKey whether the caller uses the connexion's API key after the decision (the gateway does): only then
 *                    is it decrypted while the lock is held; the decision itself never reads it
 */
public record QuotaRequest(Option<ConnexionId> connexionId, ModelName model, IdempotencyKey idempotencyKey, Instant at,
                           boolean readsApiKey) {

    public QuotaRequest {
        Objects.requireNonNull(connexionId, "connexionId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(at, "at");
    }

    /** authorizeRequest's decision: the key is not read. */
    public static QuotaRequest on(ConnexionId connexionId, ModelName model, IdempotencyKey idempotencyKey, Instant at) {
        return new QuotaRequest(Option.some(connexionId), model, idempotencyKey, at, false);
    }

    /** A gateway key's call, which goes on to OpenAI with the connexion's key. */
    public static QuotaRequest ofGatewayKey(ModelName model, IdempotencyKey idempotencyKey, Instant at) {
        return new QuotaRequest(Option.none(), model, idempotencyKey, at, true);
    }

    /** The same decision, for a caller that goes on to OpenAI with the connexion's key. */
    public QuotaRequest withApiKey() {
        return new QuotaRequest(connexionId, model, idempotencyKey, at, true);
    }
}
