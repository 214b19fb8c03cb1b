package fr.presenca.connexion.bootstrap;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The HS256 secret that signs callers' tokens (Supabase's project JWT secret, used raw) and whether it was
 * generated for local mode. {@code toString} never shows it.
 */
final class JwtSettings {

    static final int MINIMUM_SECRET_BYTES = 32;

    private final byte[] secret;
    private final boolean localMode;

    JwtSettings(String secret, boolean localMode) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MINIMUM_SECRET_BYTES) {
            throw new IllegalStateException("PRESENCA_JWT_SECRET must be at least " + MINIMUM_SECRET_BYTES
                    + " bytes long; HS256 with a shorter key is guessable");
        }
        this.secret = bytes;
        this.localMode = localMode;
    }

    byte[] secret() {
        return Arrays.copyOf(secret, secret.length);
    }

    boolean localMode() {
        return localMode;
    }

    @Override
    public String toString() {
        return "JwtSettings[secret=****, localMode=" + localMode + "]";
    }
}
