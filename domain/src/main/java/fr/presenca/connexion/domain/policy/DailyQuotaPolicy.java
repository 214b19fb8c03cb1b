package fr.presenca.connexion.domain.policy;

import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.quota.DailyQuota;
import io.vavr.control.Either;

/** One more request must fit in the daily limit, as it stands at the request's instant (after any due reset). */
public final class DailyQuotaPolicy implements AdmissionPolicy {

    @Override
    public Either<Denial, Admission> evaluate(Connexion connexion, AdmissionRequest request) {
        DailyQuota quota = connexion.dailyQuota().at(request.at(), request.zone());
        return quota.exhausted()
                ? AdmissionPolicy.deny(DenialReason.DAILY_QUOTA_EXCEEDED, "the daily limit of "
                + quota.limit().get() + " requests is used up until " + quota.resetAt().get())
                : AdmissionPolicy.allow();
    }
}
