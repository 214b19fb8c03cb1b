package fr.presenca.connexion.application.caller;

import java.util.Objects;
import java.util.UUID;

import fr.presenca.connexion.domain.gatewaykey.GatewayKeyText;
import io.vavr.control.Option;

/**
 * Who a use case runs for, as verified from the caller's credential. The persistence adapter turns it into
 * the PostgreSQL role and JWT claims that the row-level security policies read.
 *
 * @param subject    the token's {@code sub}: a {@code users.users_id}; for a gateway key, the key's id (no user)
 * @param role       {@code authenticated} (isolated to its organisation) or {@code service_role} (sees all rows)
 * @param gatewayKey for a call made with a gateway key, the key's SHA-256 (hex): the database then grants the key's
 *                   connexion and nothing else, and only while the key is valid
 */
public record Caller(UUID subject, CallerRole role, Option<String> gatewayKey) {

    public Caller {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(gatewayKey, "gatewayKey");
        if (gatewayKey.isDefined() && role != CallerRole.AUTHENTICATED) {
            throw new IllegalArgumentException("a gateway key's calls run as authenticated");
        }
    }

    public Caller(UUID subject, CallerRole role) {
        this(subject, role, Option.none());
    }

    public static Caller authenticated(UUID subject) {
        return new Caller(subject, CallerRole.AUTHENTICATED);
    }

    public static Caller serviceRole(UUID subject) {
        return new Caller(subject, CallerRole.SERVICE_ROLE);
    }

    /** A call made with a gateway key: no user; the key (its hash) names the one connexion it may use. */
    public static Caller gatewayKey(GatewayKeyText key) {
        return new Caller(key.id().value(), CallerRole.AUTHENTICATED, Option.some(key.sha256Hex()));
    }

    public boolean isGatewayKey() {
        return gatewayKey.isDefined();
    }
}
