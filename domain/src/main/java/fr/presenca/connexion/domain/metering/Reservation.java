package fr.presenca.connexion.domain.metering;

import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.connexion.ModelName;
import fr.presenca.connexion.domain.cost.Usd;
import io.vavr.control.Either;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The estimated cost of an admitted request, held against its connexion's monthly budget until the
 * usage is recorded or {@code expiresAt} passes. Expiry needs no scheduler: a hold simply stops
 * counting at {@code expiresAt} ({@link #holdsAt}); the stored state catches up lazily.
 */
public record Reservation(ReservationId id, ConnexionId connexionId, ModelName model, Usd held, Instant expiresAt,
                          ReservationState state) {

    public Reservation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(connexionId, "connexionId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(held, "held");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(state, "state");
    }

    /** A new hold made at {@code at}, expiring {@code ttl} later. */
    public static Reservation hold(ReservationId id, ConnexionId connexionId, ModelName model, Usd held, Instant at,
                                   Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("the reservation TTL must be positive");
        }
        return new Reservation(id, connexionId, model, held, at.plus(ttl), ReservationState.HELD);
    }

    /** Whether it still counts against the budget at {@code at}. */
    public boolean holdsAt(Instant at) {
        return state == ReservationState.HELD && at.isBefore(expiresAt);
    }

    /**
     * Settles it with the usage of {@code usedModel} recorded at {@code at}: refused when already
     * settled, expired (at or after {@code expiresAt}) or made for another model.
     */
    public Either<ReservationProblem, Reservation> settle(ModelName usedModel, Instant at) {
        Objects.requireNonNull(usedModel, "usedModel");
        Objects.requireNonNull(at, "at");
        if (state == ReservationState.SETTLED) {
            return Either.left(ReservationProblem.ALREADY_SETTLED);
        }
        if (!holdsAt(at)) {
            return Either.left(ReservationProblem.EXPIRED);
        }
        if (!model.equals(usedModel)) {
            return Either.left(ReservationProblem.MODEL_MISMATCH);
        }
        return Either.right(new Reservation(id, connexionId, model, held, expiresAt, ReservationState.SETTLED));
    }
}
