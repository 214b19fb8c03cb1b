package fr.presenca.connexion.domain.policy;

import java.util.Objects;

/** A refusal: a normal answer, not an error. {@code detail} explains it to a human (never a key). */
public record Denial(DenialReason reason, String detail) {

    public Denial {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }
}
