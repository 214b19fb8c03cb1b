package fr.presenca.connexion.domain.policy;

import fr.presenca.connexion.domain.connexion.Connexion;
import io.vavr.control.Either;

/**
 * With a monthly budget, a call must be bounded in cost: an unpriced model is refused, and so is a forwarded
 * call whose output nothing bounds (no cap in the body, no maxOutputTokens for the model).
 */
public final class PricedModelPolicy implements AdmissionPolicy {

    @Override
    public Either<Denial, Admission> evaluate(Connexion connexion, AdmissionRequest request) {
        if (connexion.monthlyBudget().isUnlimited()) {
            return AdmissionPolicy.allow();
        }
        if (request.price().isEmpty()) {
            return AdmissionPolicy.deny(DenialReason.MODEL_NOT_PRICED,
                    "model '" + request.model().value() + "' has no price and this connexion has a budget");
        }
        if (request.outputMustBeBounded() && request.maxOutputTokens().isEmpty()) {
            return AdmissionPolicy.deny(DenialReason.MODEL_NOT_PRICED, "model '" + request.model().value()
                    + "' has no maxOutputTokens and the call sets no output cap, so its cost has no bound");
        }
        return AdmissionPolicy.allow();
    }
}
