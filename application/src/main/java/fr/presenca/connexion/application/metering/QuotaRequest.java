package fr.presenca.connexion.application.metering;

import java.time.Instant;
import java.util.Objects;

import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.connexion.ModelName;
import fr.presenca.connexion.domain.metering.IdempotencyKey;

/** What the quota port locks and loads for one authorizeRequest decision made at {@code at}. */
public record QuotaRequest(ConnexionId connexionId, ModelName model, IdempotencyKey idempotencyKey, Instant at) {

    public QuotaRequest {
        Objects.requireNonNull(connexionId, "connexionId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(at, "at");
    }
}
