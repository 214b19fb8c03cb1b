package fr.presenca.connexion.domain.connexion;

import io.vavr.control.Option;

import java.time.Instant;
import java.util.Objects;

/**
 * Who created and last changed a connexion, and when; None = the system or an unknown user. The database's triggers
 * own these stamps: a stored connexion carries theirs, a new one the creation's until it is stored.
 */
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
}
