package fr.presenca.connexion.application.metering;

import java.time.Instant;
import java.util.Objects;

import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.connexion.ModelName;
import fr.presenca.connexion.domain.metering.IdempotencyKey;
import fr.presenca.connexion.domain.metering.ReservationId;
import io.vavr.control.Option;

/** What the usage port locks and loads for one recordUsage made at {@code at}. */
public record UsageRequest(ConnexionId connexionId, ModelName model, Option<ReservationId> reservationId,
                           IdempotencyKey idempotencyKey, Instant at) {

    public UsageRequest {
        Objects.requireNonNull(connexionId, "connexionId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(reservationId, "reservationId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(at, "at");
    }
}
