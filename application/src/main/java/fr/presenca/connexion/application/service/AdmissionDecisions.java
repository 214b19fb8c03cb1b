package fr.presenca.connexion.application.service;

import java.time.Duration;
import java.util.Objects;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.metering.Authorization;
import fr.presenca.connexion.application.metering.QuotaDecision;
import fr.presenca.connexion.application.metering.QuotaSnapshot;
import fr.presenca.connexion.application.write.ConnexionWrite;
import fr.presenca.connexion.domain.connexion.Admitted;
import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.metering.Reservation;
import fr.presenca.connexion.domain.metering.ReservationId;
import fr.presenca.connexion.domain.policy.AdmissionPolicies;
import fr.presenca.connexion.domain.policy.AdmissionPolicy;
import fr.presenca.connexion.domain.policy.AdmissionRequest;

/**
 * One admission decision on a locked snapshot, for authorizeRequest and for the gateway alike: the domain decides
 * ({@link Connexion#decide} with the configured policies, each run once), this turns its answer into what the port
 * writes.
 */
final class AdmissionDecisions {

    private final AdmissionPolicy policy;

    AdmissionDecisions(AdmissionPolicy policy) {
        this.policy = AdmissionPolicies.guarded(Objects.requireNonNull(policy, "policy"));
    }

    QuotaDecision decide(Caller caller, QuotaSnapshot snapshot, AdmissionRequest request, ReservationId reservationId,
                         Duration holdFor) {
        return snapshot.connexion().decide(request, policy).fold(
                refused -> new QuotaDecision.Deny(Authorization.denied(refused.denial().reason(),
                        refused.remainingRequests(), refused.remainingBudget())),
                admitted -> admit(caller, snapshot, admitted, request, reservationId, holdFor));
    }

    private static QuotaDecision admit(Caller caller, QuotaSnapshot snapshot, Admitted admitted, AdmissionRequest request,
                                       ReservationId reservationId, Duration holdFor) {
        Reservation reservation = Reservation.hold(reservationId, snapshot.connexion().id(), request.model(),
                admitted.hold(), request.at(), holdFor);
        return new QuotaDecision.Admit(ConnexionWrite.of(admitted.change(), caller.subject()), reservation,
                Authorization.allowed(reservationId, reservation.expiresAt(), admitted.remainingRequests(),
                        admitted.remainingBudget()));
    }
}
