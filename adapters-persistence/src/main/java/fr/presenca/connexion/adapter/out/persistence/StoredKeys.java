package fr.presenca.connexion.adapter.out.persistence;

import java.util.Objects;

import fr.presenca.connexion.domain.connexion.ApiKey;
import io.vavr.control.Option;

/**
 * How a stored {@code openai_api_key} becomes the domain's key: opened (decrypted, checked) as the row is read, or
 * only when the key is first used, for a decision that never reads it.
 */
final class StoredKeys {

    private final ApiKeyCipher cipher;
    private final boolean deferred;

    private StoredKeys(ApiKeyCipher cipher, boolean deferred) {
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        this.deferred = deferred;
    }

    static StoredKeys opened(ApiKeyCipher cipher) {
        return new StoredKeys(cipher, false);
    }

    static StoredKeys deferred(ApiKeyCipher cipher) {
        return new StoredKeys(cipher, true);
    }

    Option<ApiKey> read(String stored) {
        return Option.of(stored).map(value -> deferred ? ApiKey.deferred(() -> open(value)) : open(value));
    }

    /** Keys are stored only as ciphertext. */
    String stored(ApiKey key) {
        return cipher.encrypt(key.reveal());
    }

    /**
     * A plaintext value can still appear when another client of an adopted database wrote it after the start-up
     * migration: it is read as is, and encrypted at the next write of the key.
     */
    private ApiKey open(String stored) {
        return ApiKey.of(ApiKeyCipher.isEncrypted(stored) ? cipher.decrypt(stored) : stored)
                .getOrElseThrow(error -> new CorruptRowException("stored API key is not a valid key"));
    }
}
