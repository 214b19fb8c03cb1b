package fr.presenca.connexion.domain.connexion;

import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.DomainError.InvalidField;
import io.vavr.control.Either;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * An OpenAI API key. A class rather than a record so that no generated accessor or
 * {@code toString} can leak it: only {@link #reveal()} gives the secret, for the adapter that
 * stores it encrypted or calls OpenAI.
 */
public final class ApiKey {

    public static final String FIELD = "apiKey";
    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 512;

    private static final String ELLIPSIS = "…";
    private static final int MAX_TAIL = 4;
    /** A prefix such as "sk-" names the kind of key, not the key; longer prefixes could be secret. */
    private static final int MAX_PREFIX = 3;

    /** The secret; null until a {@link #deferred} key is first used. */
    private volatile String secret;
    private Supplier<ApiKey> opener;

    private ApiKey(String secret) {
        this.secret = secret;
    }

    private ApiKey(Supplier<ApiKey> opener) {
        this.opener = opener;
    }

    /**
     * A stored key that is opened (decrypted and checked by {@code opener}) only when its secret is first needed: a
     * decision that never reads the key does not pay for opening it. {@code opener} throws when the stored form is
     * not a valid key; it runs at most once successfully.
     */
    public static ApiKey deferred(Supplier<ApiKey> opener) {
        return new ApiKey(Objects.requireNonNull(opener, "opener"));
    }

    /** Messages never echo the input: it may be a real key pasted in the wrong place. */
    public static Either<DomainError, ApiKey> of(String secret) {
        if (secret == null || secret.isBlank()) {
            return Either.left(InvalidField.of(FIELD, "must not be blank"));
        }
        if (secret.chars().anyMatch(Character::isWhitespace)) {
            return Either.left(InvalidField.of(FIELD, "must not contain whitespace"));
        }
        if (secret.length() < MIN_LENGTH || secret.length() > MAX_LENGTH) {
            return Either.left(InvalidField.of(FIELD,
                    "must be between " + MIN_LENGTH + " and " + MAX_LENGTH + " characters"));
        }
        return Either.right(new ApiKey(secret));
    }

    public String reveal() {
        return secret();
    }

    private String secret() {
        String opened = secret;
        if (opened == null) {
            synchronized (this) {
                if (secret == null) {
                    secret = Objects.requireNonNull(opener.get(), "opened key").reveal();
                    opener = null;
                }
                opened = secret;
            }
        }
        return opened;
    }

    /**
     * A recognisable hint such as "sk-…Ab12". Shows at most the last 4 characters, and at most a
     * quarter of the key, so a short key is not almost fully disclosed; the "sk-" style prefix is
     * added only for keys long enough that it does not matter.
     */
    public String hint() {
        String key = secret();
        int tail = Math.min(MAX_TAIL, key.length() / 4);
        int dash = key.indexOf('-');
        boolean showPrefix = key.length() >= 16 && dash > 0 && dash < MAX_PREFIX;
        String prefix = showPrefix ? key.substring(0, dash + 1) : "";
        return prefix + ELLIPSIS + key.substring(key.length() - tail);
    }

    /** Occurrences of this key inside {@code text} replaced by the hint (error messages from OpenAI may quote it). */
    public String redact(String text) {
        return text.replace(secret(), hint());
    }

    @Override
    public boolean equals(Object other) {
        // Constant-time comparison: equality of secrets should not leak through timing.
        return other == this || other instanceof ApiKey
                && MessageDigest.isEqual(bytes(), ((ApiKey) other).bytes());
    }

    @Override
    public int hashCode() {
        return secret().hashCode();
    }

    @Override
    public String toString() {
        return "ApiKey[" + hint() + "]";
    }

    private byte[] bytes() {
        return secret().getBytes(StandardCharsets.UTF_8);
    }
}
