package fr.presenca.connexion.application.service;

import java.time.Duration;
import java.util.Objects;

import fr.presenca.connexion.application.metering.Authorization;
import fr.presenca.connexion.application.metering.QuotaDecision;
import fr.presenca.connexion.application.metering.QuotaSnapshot;
import fr.presenca.connexion.domain.connexion.Admitted;
import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.metering.Reservation;
import fr.presenca.connexion.domain.metering.ReservationId;
import fr.presenca.connexion.domain.policy.AdmissionPolicy;
import fr.presenca.connexion.domain.policy.AdmissionRequest;
import fr.presenca.connexion.domain.policy.Denial;
import java.time.ZoneId;

/**
 * One admission decision on a locked snapshot, for authorizeRequest and for the gateway alike: the domain decides
 * ({@link Connexion#admit} with the configured policies), this turns its answer into what the port writes.
 */
final class AdmissionDecisions {

    private final AdmissionPolicy policy;
    private final ZoneId zone;

    AdmissionDecisions(AdmissionPolicy policy, ZoneId zone) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    QuotaDecision decide(QuotaSnapshot snapshot, AdmissionRequest request, ReservationId reservationId, Duration holdFor) {
        return snapshot.connexion().admit(request, policy).fold(
                denial -> deny(snapshot, denial, request),
                admitted -> admit(snapshot, admitted, request, reservationId, holdFor));
    }

    private QuotaDecision deny(QuotaSnapshot snapshot, Denial denial, AdmissionRequest request) {
        // What is left as of now (after any due reset), for the caller's information; nothing is written.
        Connexion current = snapshot.connexion().refresh(request.at(), zone).connexion();
        return new QuotaDecision.Deny(Authorization.denied(denial.reason(), current.dailyQuota().remaining(),
                current.monthlyBudget().remaining(snapshot.held())));
    }

    private static QuotaDecision admit(QuotaSnapshot snapshot, Admitted admitted, AdmissionRequest request,
                                       ReservationId reservationId, Duration holdFor) {
        Reservation reservation = Reservation.hold(reservationId, snapshot.connexion().id(), request.model(),
                admitted.hold(), request.at(), holdFor);
        return new QuotaDecision.Admit(admitted.connexion(), reservation, Authorization.allowed(reservationId,
                reservation.expiresAt(), admitted.remainingRequests(), admitted.remainingBudget()));
    }
}
