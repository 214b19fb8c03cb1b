package fr.presenca.connexion.domain.connexion;

import fr.presenca.connexion.domain.cost.Usd;
import fr.presenca.connexion.domain.policy.Denial;
import io.vavr.control.Option;

import java.util.Objects;

/**
 * A request {@link Connexion#decide} turned down, with what the connexion has left as of the request's instant
 * (after any due reset): the caller learns it, nothing is written.
 *
 * @param remainingRequests requests left today; None = unlimited
 * @param remainingBudget   budget left after recorded cost and open holds; None = unlimited
 */
public record Refused(Denial denial, Option<Integer> remainingRequests, Option<Usd> remainingBudget) {

    public Refused {
        Objects.requireNonNull(denial, "denial");
        Objects.requireNonNull(remainingRequests, "remainingRequests");
        Objects.requireNonNull(remainingBudget, "remainingBudget");
    }
}
