package fr.presenca.connexion.application.metering;

import java.time.Instant;
import java.util.Objects;

import fr.presenca.connexion.domain.cost.Usd;
import fr.presenca.connexion.domain.metering.ReservationId;
import fr.presenca.connexion.domain.policy.DenialReason;
import io.vavr.control.Option;

/**
 * The answer of authorizeRequest, allowed or denied (a denial is a normal answer). Stored with the
 * idempotency key so that a retry gets exactly this answer back.
 *
 * @param reason            why it was denied; None when allowed
 * @param reservationId     the reservation holding the estimated cost; only when allowed
 * @param remainingRequests requests left today after this decision; None = unlimited
 * @param remainingBudget   USD left this month after recorded costs and holds; None = unlimited
 * @param expiresAt         when the reservation stops holding; only when allowed
 */
public record Authorization(boolean allowed, Option<DenialReason> reason, Option<ReservationId> reservationId,
                            Option<Integer> remainingRequests, Option<Usd> remainingBudget, Option<Instant> expiresAt) {

    public Authorization {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(reservationId, "reservationId");
        Objects.requireNonNull(remainingRequests, "remainingRequests");
        Objects.requireNonNull(remainingBudget, "remainingBudget");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (allowed != reason.isEmpty() || allowed != reservationId.isDefined() || allowed != expiresAt.isDefined()) {
            throw new IllegalArgumentException("an allowed answer has a reservation and its expiry, a denied one a reason");
        }
    }

    public static Authorization allowed(ReservationId reservationId, Instant expiresAt, Option<Integer> remainingRequests,
                                        Option<Usd> remainingBudget) {
        return new Authorization(true, Option.none(), Option.some(reservationId), remainingRequests, remainingBudget,
                Option.some(expiresAt));
    }

    public static Authorization denied(DenialReason reason, Option<Integer> remainingRequests, Option<Usd> remainingBudget) {
        return new Authorization(false, Option.some(reason), Option.none(), remainingRequests, remainingBudget, Option.none());
    }
}
