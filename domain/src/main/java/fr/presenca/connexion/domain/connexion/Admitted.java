package fr.presenca.connexion.domain.connexion;

import fr.presenca.connexion.domain.cost.Usd;
import fr.presenca.connexion.domain.policy.Admission;
import io.vavr.control.Option;

import java.util.Objects;

/**
 * A request let through by {@link Connexion#admit}.
 *
 * @param change          the connexion with this request counted (and any due reset applied), and its event if the
 *                        status moved (e.g. QuotaExceeded on the last request of the day)
 * @param admission       the policies' consent
 * @param hold            the estimated cost to hold against the budget until usage is recorded
 * @param remainingBudget what the budget has left after recorded cost, previous holds and this hold; None = unlimited
 */
public record Admitted(Transition change, Admission admission, Usd hold, Option<Usd> remainingBudget) {

    public Admitted {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(admission, "admission");
        Objects.requireNonNull(hold, "hold");
        Objects.requireNonNull(remainingBudget, "remainingBudget");
    }

    public Connexion connexion() {
        return change.connexion();
    }

    /** The status change this admission caused, if any. */
    public Option<ConnexionEvent> event() {
        return Option.ofOptional(change.events().stream().findFirst());
    }

    /** Requests left today after this one; None = unlimited. */
    public Option<Integer> remainingRequests() {
        return connexion().dailyQuota().remaining();
    }
}
