package fr.presenca.connexion.domain.policy;

import fr.presenca.connexion.domain.connexion.Connexion;
import io.vavr.control.Either;

/** With a monthly budget, an unpriced model is refused: its cost could not be counted against the budget. */
public final class PricedModelPolicy implements AdmissionPolicy {

    @Override
    public Either<Denial, Admission> evaluate(Connexion connexion, AdmissionRequest request) {
        return connexion.monthlyBudget().isUnlimited() || request.price().isDefined()
                ? AdmissionPolicy.allow()
                : AdmissionPolicy.deny(DenialReason.MODEL_NOT_PRICED,
                "model '" + request.model().value() + "' has no price and this connexion has a budget");
    }
}
