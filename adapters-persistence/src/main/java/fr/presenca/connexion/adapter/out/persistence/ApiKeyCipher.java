package fr.presenca.connexion.adapter.out.persistence;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts OpenAI API keys for the {@code openai_api_key} column: AES-256-GCM from the JDK, a random 96-bit nonce
 * per value, stored as {@code enc:v1:<keyId>:<base64url(nonce || ciphertext+tag)>}.
 * <p>
 * The key id names the master key that encrypted a value, so a new master key can take over encryption while the
 * previous ones keep decrypting what they wrote. The associated data binds each value to its column and to its
 * header: a ciphertext made for another purpose, or relabelled with another key id, fails authentication.
 * <p>
 * Neither {@code toString} nor any exception message shows a key, a plaintext or a stored value.
 */
public final class ApiKeyCipher {

    /** What every encrypted value starts with, whatever its version; plaintext OpenAI keys start with "sk-". */
    public static final String ENCRYPTED_PREFIX = "enc:";
    public static final int KEY_BYTES = 32;

    static final String PURPOSE = "openai_api_key";
    private static final String VERSION = "v1";
    private static final String V1_PREFIX = ENCRYPTED_PREFIX + VERSION + ":";
    private static final Pattern KEY_ID = Pattern.compile("[a-z0-9]{1,16}");
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final String currentKeyId;
    // Sorted, so that messages and toString list the ids in a stable order.
    private final Map<String, SecretKey> keysById;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param currentKeyId the id of the key that encrypts; it must be one of {@code keysById}
     * @param keysById     every key that may have to decrypt a stored value, 32 bytes each, by id ({@code [a-z0-9]{1,16}})
     */
    public ApiKeyCipher(String currentKeyId, Map<String, byte[]> keysById) {
        Objects.requireNonNull(currentKeyId, "currentKeyId");
        Objects.requireNonNull(keysById, "keysById");
        Map<String, SecretKey> keys = new TreeMap<>();
        keysById.forEach((id, key) -> {
            if (!isKeyId(id)) {
                // An id is not secret, but a malformed one could be a key pasted in the wrong place: not echoed.
                throw new IllegalArgumentException("an encryption key id must match [a-z0-9]{1,16}");
            }
            if (key == null || key.length != KEY_BYTES) {
                throw new IllegalArgumentException("encryption key '" + id + "' must be " + KEY_BYTES
                        + " bytes (AES-256), not " + (key == null ? 0 : key.length));
            }
            keys.put(id, new SecretKeySpec(key.clone(), "AES"));
        });
        if (!keys.containsKey(currentKeyId)) {
            throw new IllegalArgumentException("the current encryption key id is not among the configured keys "
                    + keys.keySet());
        }
        this.currentKeyId = currentKeyId;
        this.keysById = Collections.unmodifiableMap(keys);
    }

    /** Whether {@code id} can name a master key: {@code [a-z0-9]{1,16}}, so it never needs escaping in SQL or text. */
    public static boolean isKeyId(String id) {
        return id != null && KEY_ID.matcher(id).matches();
    }

    /** Whether {@code stored} is an encrypted value (of any version or key), rather than legacy plaintext. */
    public static boolean isEncrypted(String stored) {
        return stored != null && stored.startsWith(ENCRYPTED_PREFIX);
    }

    public String encrypt(String plaintext) {
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        String header = header(currentKeyId);
        byte[] sealed;
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, keysById.get(currentKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(header));
            sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            // Only a JDK without AES-GCM gets here; the cause names the algorithm, never the data.
            throw new IllegalStateException("AES-GCM encryption is not available", e);
        }
        byte[] body = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
        return header + Base64.getUrlEncoder().withoutPadding().encodeToString(body);
    }

    /** The plaintext of a value written by {@link #encrypt} under any configured key id. */
    public String decrypt(String stored) {
        if (stored == null || !stored.startsWith(V1_PREFIX)) {
            throw new ApiKeyDecryptionException("the stored API key is not an " + V1_PREFIX + " value");
        }
        int bodyStart = stored.indexOf(':', V1_PREFIX.length());
        if (bodyStart < 0) {
            throw new ApiKeyDecryptionException("the stored API key has no key id");
        }
        String keyId = stored.substring(V1_PREFIX.length(), bodyStart);
        if (!isKeyId(keyId)) {
            throw new ApiKeyDecryptionException("the stored API key has a malformed key id");
        }
        SecretKey key = keysById.get(keyId);
        if (key == null) {
            throw new ApiKeyDecryptionException("the stored API key was encrypted with key id '" + keyId
                    + "', which is not configured (configured: " + keysById.keySet() + ")");
        }
        byte[] body;
        try {
            body = Base64.getUrlDecoder().decode(stored.substring(bodyStart + 1));
        } catch (IllegalArgumentException e) {
            throw new ApiKeyDecryptionException("the stored API key is not base64url");
        }
        if (body.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new ApiKeyDecryptionException("the stored API key is truncated");
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, body, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(header(keyId)));
            byte[] plaintext = cipher.doFinal(body, NONCE_BYTES, body.length - NONCE_BYTES);
            return new String(plaintext, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new ApiKeyDecryptionException("the stored API key fails authentication under key id '" + keyId
                    + "': altered, or encrypted with another key of that id");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption is not available", e);
        }
    }

    /** Whether {@code stored} is encrypted under a key other than the current one, and should be rewritten under it. */
    public boolean needsReencryption(String stored) {
        return isEncrypted(stored) && !stored.startsWith(currentPrefix());
    }

    /** What every value encrypted by this cipher now starts with; key ids hold no LIKE wildcards. */
    String currentPrefix() {
        return header(currentKeyId);
    }

    private static String header(String keyId) {
        return V1_PREFIX + keyId + ":";
    }

    private static byte[] associatedData(String header) {
        return (PURPOSE + "|" + header).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ApiKeyCipher[current=" + currentKeyId + ", keyIds=" + keysById.keySet() + "]";
    }
}
