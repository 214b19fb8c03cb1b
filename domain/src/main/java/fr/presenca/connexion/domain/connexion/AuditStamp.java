package fr.presenca.connexion.domain.connexion;

import io.vavr.control.Option;

import java.time.Instant;
import java.util.Objects;

/** Who created and last changed a connexion, and when; None = the system or an unknown user. */
public record AuditStamp(Instant createdAt, Option<UserId> createdBy, Instant updatedAt, Option<UserId> updatedBy) {

    public AuditStamp {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(updatedBy, "updatedBy");
    }

    public static AuditStamp createdAt(Instant at, Option<UserId> by) {
        return new AuditStamp(at, by, at, by);
    }

    /** A change by nobody in particular; {@link Transition#by} attributes it to a user. */
    public AuditStamp touchedAt(Instant at) {
        return new AuditStamp(createdAt, createdBy, at, Option.none());
    }

    public AuditStamp touchedBy(Option<UserId> by) {
        return new AuditStamp(createdAt, createdBy, updatedAt, by);
    }
}
