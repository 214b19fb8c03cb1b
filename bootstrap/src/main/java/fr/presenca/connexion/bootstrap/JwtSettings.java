package fr.presenca.connexion.bootstrap;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.Environment;

/**
 * What verifies callers' tokens: the HS256 secret (Supabase's legacy project JWT secret, used raw), the signing keys
 * published as a JWKS (Supabase's asymmetric signing keys), or both; and whether the service runs in local mode,
 * which it does only when neither is configured (it then generates a secret, on the embedded database only).
 * {@code toString} never shows the secret.
 */
final class JwtSettings {

    static final String SECRET = "presenca.jwt.secret";
    static final String JWKS_URL = "presenca.jwt.jwks-url";
    static final String JWKS_CACHE_TTL = "presenca.jwt.jwks-cache-ttl";
    static final String JWKS_REFETCH_INTERVAL = "presenca.jwt.jwks-refetch-interval";
    /** Supabase's own cache time; it advises against caching its JWKS for longer than about 20 minutes. */
    static final Duration DEFAULT_JWKS_CACHE_TTL = Duration.ofMinutes(10);
    static final Duration DEFAULT_JWKS_REFETCH_INTERVAL = Duration.ofSeconds(30);
    static final String LOCAL_SECRET_KEY = "jwt.secret";
    static final int MINIMUM_SECRET_BYTES = 32;

    /**
     * Where the signing keys are published and how long they are trusted without asking again.
     *
     * @param url             the JWKS document, e.g. {@code https://<project>.supabase.co/auth/v1/.well-known/jwks.json}
     * @param cacheTtl        how long a fetched key set is used before it is fetched again
     * @param refetchInterval the least time between two fetches caused by tokens whose {@code kid} is not in the set
     */
    record Jwks(URI url, Duration cacheTtl, Duration refetchInterval) {

        Jwks {
            if (!url.isAbsolute() || url.getHost() == null
                    || !("https".equalsIgnoreCase(url.getScheme()) || "http".equalsIgnoreCase(url.getScheme()))) {
                throw new IllegalStateException("PRESENCA_JWT_JWKS_URL must be an absolute http(s) URL");
            }
            if (cacheTtl.isNegative() || cacheTtl.isZero()) {
                throw new IllegalStateException("PRESENCA_JWT_JWKS_CACHE_TTL must be positive");
            }
            if (refetchInterval.isNegative() || refetchInterval.isZero()) {
                throw new IllegalStateException("PRESENCA_JWT_JWKS_REFETCH_INTERVAL must be positive");
            }
        }
    }

    private final byte[] secret;
    private final Jwks jwks;
    private final boolean localMode;

    private JwtSettings(byte[] secret, Jwks jwks, boolean localMode) {
        this.secret = secret;
        this.jwks = jwks;
        this.localMode = localMode;
    }

    /** HS256 with {@code secret} (null: none) and/or the keys of {@code jwks} (null: none); one of them at least. */
    static JwtSettings configured(String secret, Jwks jwks) {
        if (secret == null && jwks == null) {
            throw new IllegalArgumentException("a secret, a JWKS or both");
        }
        return new JwtSettings(secret == null ? null : secretBytes(secret), jwks, false);
    }

    /** Local mode: HS256 with a generated secret only. */
    static JwtSettings localMode(String generatedSecret) {
        return new JwtSettings(secretBytes(generatedSecret), null, true);
    }

    /**
     * The settings {@code environment} describes. Without a secret and a JWKS URL, local mode: on the embedded
     * database only, with the secret generated once and kept with its data.
     */
    static JwtSettings from(Environment environment) {
        String secret = blankToNull(environment.getProperty(SECRET));
        String jwksUrl = blankToNull(environment.getProperty(JWKS_URL));
        if (secret != null || jwksUrl != null) {
            Jwks jwks = jwksUrl == null ? null : new Jwks(uriOf(jwksUrl),
                    durationOf(environment, JWKS_CACHE_TTL, "PRESENCA_JWT_JWKS_CACHE_TTL", DEFAULT_JWKS_CACHE_TTL),
                    durationOf(environment, JWKS_REFETCH_INTERVAL, "PRESENCA_JWT_JWKS_REFETCH_INTERVAL",
                            DEFAULT_JWKS_REFETCH_INTERVAL));
            return configured(secret, jwks);
        }
        if (!environment.getProperty("presenca.database.embedded.active", Boolean.class, false)) {
            throw new IllegalStateException("Neither PRESENCA_JWT_SECRET nor PRESENCA_JWT_JWKS_URL is set: local mode"
                    + " (a generated secret) only runs on the embedded database; set either or both to use this database");
        }
        LocalModeFiles files = new LocalModeFiles(DatabaseEnvironmentPostProcessor.homeOf(environment));
        return localMode(files.valueOf(LOCAL_SECRET_KEY, LocalModeFiles::randomSecret));
    }

    /** The HS256 secret, if HS256 tokens are accepted. */
    Optional<byte[]> secret() {
        return Optional.ofNullable(secret).map(bytes -> Arrays.copyOf(bytes, bytes.length));
    }

    /** The published signing keys, if ES256 and RS256 tokens are accepted. */
    Optional<Jwks> jwks() {
        return Optional.ofNullable(jwks);
    }

    boolean localMode() {
        return localMode;
    }

    private static byte[] secretBytes(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MINIMUM_SECRET_BYTES) {
            throw new IllegalStateException("PRESENCA_JWT_SECRET must be at least " + MINIMUM_SECRET_BYTES
                    + " bytes long; HS256 with a shorter key is guessable");
        }
        return bytes;
    }

    private static URI uriOf(String url) {
        try {
            return new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("PRESENCA_JWT_JWKS_URL must be an absolute http(s) URL");
        }
    }

    private static Duration durationOf(Environment environment, String property, String variable, Duration fallback) {
        String value = blankToNull(environment.getProperty(property));
        if (value == null) {
            return fallback;
        }
        try {
            return DurationStyle.detectAndParse(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(variable + " must be a duration such as 10m, 30s or PT10M");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @Override
    public String toString() {
        return "JwtSettings[secret=" + (secret == null ? "none" : "****") + ", jwks=" + jwks
                + ", localMode=" + localMode + "]";
    }
}
