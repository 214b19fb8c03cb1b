package fr.presenca.connexion.application.caller;

import java.util.Objects;
import java.util.UUID;

/**
 * Who a use case runs for, as verified from the caller's token. The persistence adapter turns it into
 * the PostgreSQL role and JWT claims that the row-level security policies read.
 *
 * @param subject the token's {@code sub}: a {@code users.users_id}
 * @param role    {@code authenticated} (isolated to its organisation) or {@code service_role} (sees all rows)
 */
public record Caller(UUID subject, CallerRole role) {

    public Caller {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(role, "role");
    }

    public static Caller authenticated(UUID subject) {
        return new Caller(subject, CallerRole.AUTHENTICATED);
    }

    public static Caller serviceRole(UUID subject) {
        return new Caller(subject, CallerRole.SERVICE_ROLE);
    }
}
