package fr.presenca.connexion.adapter.out.persistence;

/**
 * A stored API key that cannot be decrypted: altered, malformed, or written under a key that is not configured.
 * The message names key ids at most, never the stored value or what it hides.
 */
public final class ApiKeyDecryptionException extends IllegalStateException {

    ApiKeyDecryptionException(String message) {
        super(message);
    }
}
