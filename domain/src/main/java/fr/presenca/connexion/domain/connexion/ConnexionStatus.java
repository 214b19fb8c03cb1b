package fr.presenca.connexion.domain.connexion;

import io.vavr.collection.Stream;
import io.vavr.control.Option;

/**
 * Lifecycle status; {@link #code()} is the value stored in openai_statut_connexion.
 * The transition table lives on {@link Connexion}.
 */
public enum ConnexionStatus {
    ACTIVE("active"),
    INACTIVE("inactive"),
    ERROR("error"),
    EXPIRED("expired"),
    QUOTA_EXCEEDED("quota_exceeded");

    private final String code;

    ConnexionStatus(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Option<ConnexionStatus> fromCode(String code) {
        return Stream.of(values()).find(s -> s.code.equals(code));
    }

    /** The statuses in which the quota machinery may switch between ACTIVE and QUOTA_EXCEEDED. */
    public boolean isServing() {
        return this == ACTIVE || this == QUOTA_EXCEEDED;
    }
}
