package fr.presenca.connexion.domain.policy;

import fr.presenca.connexion.domain.connexion.Connexion;
import io.vavr.control.Either;

/**
 * Only a serving connexion admits: INACTIVE, ERROR and EXPIRED deny, and so does a QUOTA_EXCEEDED set
 * from OpenAI's answer. Otherwise QUOTA_EXCEEDED passes here on purpose: the quota and budget policies
 * give the precise reason, and know whether the cause has ended at the request's instant.
 */
public final class StatusPolicy implements AdmissionPolicy {

    @Override
    public Either<Denial, Admission> evaluate(Connexion connexion, AdmissionRequest request) {
        switch (connexion.status()) {
            case INACTIVE:
                return AdmissionPolicy.deny(DenialReason.CONNEXION_INACTIVE, "the connexion is deactivated");
            case ERROR:
                return AdmissionPolicy.deny(DenialReason.CONNEXION_ERROR, "the connexion is in error: "
                        + connexion.lastError().getOrElse("no detail"));
            case EXPIRED:
                return AdmissionPolicy.deny(DenialReason.CONNEXION_EXPIRED, "the connexion's API key was revoked");
            case QUOTA_EXCEEDED:
                return connexion.quotaExceededAtOpenAi()
                        ? AdmissionPolicy.deny(DenialReason.OPENAI_QUOTA_EXCEEDED, "OpenAI reports the account's quota used up: "
                                + connexion.lastError().getOrElse("no detail"))
                        : AdmissionPolicy.allow();
            default:
                return AdmissionPolicy.allow();
        }
    }
}
