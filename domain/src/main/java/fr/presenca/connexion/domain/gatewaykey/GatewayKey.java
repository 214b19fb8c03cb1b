package fr.presenca.connexion.domain.gatewaykey;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import io.vavr.control.Either;
import io.vavr.control.Option;

/**
 * A gateway key as stored: never its text, only what identifies and describes it. Its dates are the database's
 * (created, last used, revoked); {@code expiresAt} is its creator's.
 */
public record GatewayKey(GatewayKeyId id, ConnexionId connexionId, String name, String hint, Instant createdAt,
                         Option<UUID> createdBy, Option<Instant> expiresAt, Option<Instant> lastUsedAt,
                         Option<Instant> revokedAt) {

    public static final int MAX_NAME_LENGTH = 100;

    public GatewayKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(connexionId, "connexionId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hint, "hint");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
    }

    /** What a new key will be stored as, once its name and expiry are valid at {@code now}. */
    public record Issue(GatewayKeyText text, ConnexionId connexionId, String name, Option<Instant> expiresAt, UUID createdBy) {
    }

    /** Checks a new key's name (trimmed, 1 to 100 characters) and expiry (after {@code now}). */
    public static Either<DomainError, Issue> issue(GatewayKeyText text, ConnexionId connexionId, String name,
                                                   Option<Instant> expiresAt, UUID createdBy, Instant now) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(connexionId, "connexionId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(now, "now");
        String trimmed = name == null ? "" : name.trim();
        io.vavr.collection.List<DomainError> problems = io.vavr.collection.List.empty();
        if (trimmed.isEmpty() || trimmed.length() > MAX_NAME_LENGTH) {
            problems = problems.append(DomainError.InvalidField.of("name", "must be 1 to " + MAX_NAME_LENGTH + " characters"));
        }
        if (expiresAt.exists(at -> !at.isAfter(now))) {
            problems = problems.append(DomainError.InvalidField.of("expiresAt", "must be in the future"));
        }
        return DomainError.combine(problems).<Either<DomainError, Issue>>map(Either::left)
                .getOrElse(() -> Either.right(new Issue(text, connexionId, trimmed, expiresAt, createdBy)));
    }

    /** Whether the key works at {@code at}: not revoked, not expired. */
    public boolean usableAt(Instant at) {
        return revokedAt.isEmpty() && expiresAt.forAll(expiry -> expiry.isAfter(at));
    }
}
