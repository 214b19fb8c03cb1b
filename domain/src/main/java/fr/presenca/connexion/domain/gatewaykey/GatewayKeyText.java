package fr.presenca.connexion.domain.gatewaykey;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

import io.vavr.control.Option;

/**
 * A gateway key's text: {@value #PREFIX} (fixed, so that secret scanners can match it) then 32 random bytes in base62
 * (43 characters). Only its SHA-256 is ever stored: 256 random bits cannot be guessed from it, so no pepper is needed.
 * {@link #toString()} never shows the text.
 */
public final class GatewayKeyText {

    public static final String PREFIX = "pgk_";
    private static final int RANDOM_BYTES = 32;
    private static final int BODY_LENGTH = 43;
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final Pattern SHAPE = Pattern.compile(Pattern.quote(PREFIX) + "[0-9A-Za-z]{" + BODY_LENGTH + "}");
    private static final BigInteger BASE = BigInteger.valueOf(62);

    private final String text;
    private final byte[] hash;

    private GatewayKeyText(String text) {
        this.text = text;
        this.hash = sha256(text);
    }

    /** A new key from {@code random}, which must be a cryptographically strong generator (SecureRandom). */
    public static GatewayKeyText generate(RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        BigInteger number = new BigInteger(1, bytes);
        StringBuilder body = new StringBuilder();
        while (number.signum() > 0) {
            BigInteger[] division = number.divideAndRemainder(BASE);
            body.append(ALPHABET.charAt(division[1].intValue()));
            number = division[0];
        }
        while (body.length() < BODY_LENGTH) {
            body.append('0');
        }
        return new GatewayKeyText(PREFIX + body.reverse());
    }

    /** The text as presented, if it has a gateway key's shape (prefix, length, alphabet). */
    public static Option<GatewayKeyText> parse(String presented) {
        return presented != null && SHAPE.matcher(presented).matches() ? Option.some(new GatewayKeyText(presented)) : Option.none();
    }

    /** Whether a bearer credential is meant as a gateway key (rather than a JWT). */
    public static boolean looksLikeGatewayKey(String presented) {
        return presented != null && presented.startsWith(PREFIX);
    }

    /** The key's text: shown once, in the answer that creates it. */
    public String reveal() {
        return text;
    }

    public byte[] sha256() {
        return hash.clone();
    }

    public String sha256Hex() {
        return HexFormat.of().formatHex(hash);
    }

    /** The id: the hash's first 16 bytes as a UUID (version 8, the "custom" layout). */
    public GatewayKeyId id() {
        ByteBuffer buffer = ByteBuffer.wrap(hash, 0, 16);
        long high = (buffer.getLong() & ~0xF000L) | 0x8000L;
        long low = (buffer.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new GatewayKeyId(new UUID(high, low));
    }

    /** Like an API key's hint: the prefix, an ellipsis, the last 4 characters. */
    public String hint() {
        return PREFIX + "…" + text.substring(text.length() - 4);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GatewayKeyText that && MessageDigest.isEqual(hash, that.hash);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return "GatewayKeyText[" + hint() + "]";
    }
}
