package fr.presenca.connexion.domain.policy;

import fr.presenca.connexion.domain.connexion.Connexion;
import io.vavr.control.Either;

/**
 * The extension point: looks at a connexion and a request and allows or denies it. Pure: no I/O,
 * no clock (the instant is in the request). To add a rule, implement this interface and register
 * the class in the ordered composition (see domain/README.md).
 */
@FunctionalInterface
public interface AdmissionPolicy {

    Either<Denial, Admission> evaluate(Connexion connexion, AdmissionRequest request);

    /** This policy, then {@code next} if this one allowed. */
    default AdmissionPolicy andThen(AdmissionPolicy next) {
        return AdmissionPolicies.of(java.util.List.of(this, next));
    }

    static Either<Denial, Admission> allow() {
        return Either.right(Admission.granted());
    }

    static Either<Denial, Admission> deny(DenialReason reason, String detail) {
        return Either.left(new Denial(reason, detail));
    }
}
