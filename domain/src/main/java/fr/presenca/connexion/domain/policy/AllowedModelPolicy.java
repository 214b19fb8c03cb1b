package fr.presenca.connexion.domain.policy;

import fr.presenca.connexion.domain.connexion.Connexion;
import io.vavr.control.Either;

/** The model must be in the connexion's allow-list (an empty list allows nothing). */
public final class AllowedModelPolicy implements AdmissionPolicy {

    @Override
    public Either<Denial, Admission> evaluate(Connexion connexion, AdmissionRequest request) {
        return connexion.allowedModels().allows(request.model())
                ? AdmissionPolicy.allow()
                : AdmissionPolicy.deny(DenialReason.MODEL_NOT_ALLOWED,
                "model '" + request.model().value() + "' is not allowed for this connexion");
    }
}
