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
 */
public record QuotaRequest(Option<ConnexionId> connexionId, ModelName model, IdempotencyKey idempotencyKey, Instant at) {

    public QuotaRequest {
        Objects.requireNonNull(connexionId, "connexionId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(at, "at");
    }

    public static QuotaRequest on(ConnexionId connexionId, ModelName model, IdempotencyKey idempotencyKey, Instant at) {
        return new QuotaRequest(Option.some(connexionId), model, idempotencyKey, at);
    }

    public static QuotaRequest ofGatewayKey(ModelName model, IdempotencyKey idempotencyKey, Instant at) {
        return new QuotaRequest(Option.none(), model, idempotencyKey, at);
    }
}
