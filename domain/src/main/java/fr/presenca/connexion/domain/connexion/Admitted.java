package fr.presenca.connexion.domain.connexion;

import fr.presenca.connexion.domain.cost.Usd;
import fr.presenca.connexion.domain.policy.Admission;
import io.vavr.control.Option;

import java.util.Objects;

/**
 * A request let through by {@link Connexion#admit}.
 *
 * @param connexion       the connexion with this request counted (and any due reset applied)
 * @param admission       the policies' consent
 * @param hold            the estimated cost to hold against the budget until usage is recorded
 * @param remainingBudget what the budget has left after recorded cost, previous holds and this hold; None = unlimited
 * @param event           the status change this admission caused, if any (e.g. QuotaExceeded on the last request of the day)
 */
public record Admitted(Connexion connexion, Admission admission, Usd hold, Option<Usd> remainingBudget,
                       Option<ConnexionEvent> event) {

    public Admitted {
        Objects.requireNonNull(connexion, "connexion");
        Objects.requireNonNull(admission, "admission");
        Objects.requireNonNull(hold, "hold");
        Objects.requireNonNull(remainingBudget, "remainingBudget");
        Objects.requireNonNull(event, "event");
    }

    /** Requests left today after this one; None = unlimited. */
    public Option<Integer> remainingRequests() {
        return connexion.dailyQuota().remaining();
    }
}
