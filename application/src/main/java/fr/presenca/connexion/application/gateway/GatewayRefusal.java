package fr.presenca.connexion.application.gateway;

import java.util.Objects;

import fr.presenca.connexion.domain.cost.Usd;
import fr.presenca.connexion.domain.policy.DenialReason;
import io.vavr.control.Option;

/**
 * A call the gateway does not forward, and why. Nothing reached OpenAI; a denial was recorded under the call's
 * idempotency key like authorizeRequest's, the others wrote nothing.
 */
public record GatewayRefusal(Kind kind, Option<DenialReason> denial, String message, Option<Integer> remainingRequests,
                             Option<Usd> remainingBudget) {

    public enum Kind {
        /** The caller may not see the connexion, or it does not exist. */
        CONNEXION_NOT_FOUND,
        /** The gateway key is unknown, revoked or expired. */
        INVALID_GATEWAY_KEY,
        /** The request names another connexion than its gateway key's. */
        CONNEXION_MISMATCH,
        /** The connexion has no OpenAI key to call with. */
        NO_API_KEY,
        /** The idempotency key already named a call on this connexion. */
        IDEMPOTENCY_KEY_REUSED,
        /** The admission policies denied it ({@link #denial()}). */
        DENIED
    }

    public GatewayRefusal {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(denial, "denial");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(remainingRequests, "remainingRequests");
        Objects.requireNonNull(remainingBudget, "remainingBudget");
        if ((kind == Kind.DENIED) != denial.isDefined()) {
            throw new IllegalArgumentException("a denial, and only a denial, has a reason");
        }
    }

    public static GatewayRefusal of(Kind kind, String message) {
        return new GatewayRefusal(kind, Option.none(), message, Option.none(), Option.none());
    }
}
