package fr.presenca.connexion.domain.policy;

import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.cost.MonthlyBudget;
import fr.presenca.connexion.domain.cost.Usd;
import io.vavr.control.Either;

/**
 * The request's estimated cost must fit in what the month's budget has left once the recorded cost
 * and the cost held by open reservations are deducted: spent + held + hold ≤ limit. A request is
 * also refused when nothing is left at all, even with a zero estimate: its real cost is unknown.
 */
public final class MonthlyBudgetPolicy implements AdmissionPolicy {

    @Override
    public Either<Denial, Admission> evaluate(Connexion connexion, AdmissionRequest request) {
        MonthlyBudget budget = connexion.monthlyBudget().at(request.at(), request.zone());
        if (budget.isUnlimited()) {
            return AdmissionPolicy.allow();
        }
        Usd remaining = budget.remaining(request.heldByReservations()).get();
        Usd hold = request.estimatedHold();
        if (remaining.isZero() || hold.isGreaterThan(remaining)) {
            return AdmissionPolicy.deny(DenialReason.MONTHLY_BUDGET_EXCEEDED, "the monthly budget of "
                    + budget.limit().get() + " USD has " + remaining + " USD left, the request may cost " + hold + " USD");
        }
        return AdmissionPolicy.allow();
    }
}
