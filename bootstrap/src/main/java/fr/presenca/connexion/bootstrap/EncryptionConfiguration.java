package fr.presenca.connexion.bootstrap;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import fr.presenca.connexion.adapter.out.persistence.ApiKeyCipher;
import fr.presenca.connexion.adapter.out.persistence.R2dbcApiKeyMigration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * OpenAI API keys encrypted at rest. The master key is {@code PRESENCA_ENCRYPTION_KEY} (base64 of 32 bytes) under
 * the id {@code PRESENCA_ENCRYPTION_KEY_ID} (default {@value #DEFAULT_KEY_ID}); after a rotation the former keys
 * go in {@code PRESENCA_ENCRYPTION_PREVIOUS_KEYS} ({@code id:base64,…}) until start-up has rewritten every value
 * under the new one. Local mode generates its key and keeps it with its data. No message here ever shows a key.
 */
@Configuration(proxyBeanMethods = false)
class EncryptionConfiguration {

    static final String KEY = "presenca.encryption.key";
    static final String KEY_ID = "presenca.encryption.key-id";
    static final String PREVIOUS_KEYS = "presenca.encryption.previous-keys";
    static final String DEFAULT_KEY_ID = "k1";
    static final String LOCAL_KEY = "encryption.key";

    @Bean
    ApiKeyCipher apiKeyCipher(Environment environment, JwtSettings jwtSettings) {
        return cipherOf(environment, jwtSettings.localMode());
    }

    @Bean
    R2dbcApiKeyMigration apiKeyMigration(DatabaseClient database, TransactionalOperator transactions,
                                         ApiKeyCipher cipher) {
        return new R2dbcApiKeyMigration(database, transactions, cipher);
    }

    @Bean
    ApiKeyMigrationAtStartup apiKeyMigrationAtStartup(R2dbcApiKeyMigration migration) {
        return new ApiKeyMigrationAtStartup(migration);
    }

    /** The cipher the settings describe; {@code localMode} is {@link JwtSettings#localMode()}'s decision. */
    static ApiKeyCipher cipherOf(Environment environment, boolean localMode) {
        String keyId = environment.getProperty(KEY_ID, DEFAULT_KEY_ID).trim();
        if (!ApiKeyCipher.isKeyId(keyId)) {
            throw new IllegalStateException("PRESENCA_ENCRYPTION_KEY_ID must match [a-z0-9]{1,16}");
        }
        Map<String, byte[]> keys = new LinkedHashMap<>();
        keys.put(keyId, currentKey(environment, localMode));
        String previous = environment.getProperty(PREVIOUS_KEYS, "");
        int position = 0;
        for (String entry : previous.split(",")) {
            position++;
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            String id = colon < 0 ? "" : entry.substring(0, colon).trim();
            // The entry is not quoted: a mistyped one may hold a key.
            if (!ApiKeyCipher.isKeyId(id)) {
                throw new IllegalStateException("PRESENCA_ENCRYPTION_PREVIOUS_KEYS entry " + position
                        + " is not <key id>:<base64 key> with a key id matching [a-z0-9]{1,16}");
            }
            if (keys.containsKey(id)) {
                throw new IllegalStateException("PRESENCA_ENCRYPTION_PREVIOUS_KEYS names key id '" + id
                        + "' twice, or as the current key id as well");
            }
            keys.put(id, decode(entry.substring(colon + 1), "PRESENCA_ENCRYPTION_PREVIOUS_KEYS key '" + id + "'"));
        }
        return new ApiKeyCipher(keyId, keys);
    }

    private static byte[] currentKey(Environment environment, boolean localMode) {
        String configured = environment.getProperty(KEY);
        if (configured != null && !configured.isBlank()) {
            return decode(configured, "PRESENCA_ENCRYPTION_KEY");
        }
        if (!localMode) {
            throw new IllegalStateException("PRESENCA_ENCRYPTION_KEY is not set: a generated key is only used in local"
                    + " mode (embedded database, no PRESENCA_JWT_SECRET nor PRESENCA_JWT_JWKS_URL); set it to 32 random"
                    + " bytes in base64, e.g. the output of `openssl rand -base64 32`, and keep it: the stored API keys"
                    + " need it");
        }
        LocalModeFiles files = new LocalModeFiles(DatabaseEnvironmentPostProcessor.homeOf(environment));
        return decode(files.valueOf(LOCAL_KEY, LocalModeFiles::randomKey),
                "the local-mode " + LOCAL_KEY + " in " + LocalModeFiles.FILE_NAME);
    }

    /** Standard or URL-safe base64, padded or not; the messages give the setting's name and never its value. */
    static byte[] decode(String base64, String setting) {
        String trimmed = base64.trim();
        byte[] key;
        try {
            key = Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException notStandard) {
            try {
                key = Base64.getUrlDecoder().decode(trimmed);
            } catch (IllegalArgumentException notUrlSafe) {
                throw new IllegalStateException(setting + " is not base64; generate one with `openssl rand -base64 32`");
            }
        }
        if (key.length != ApiKeyCipher.KEY_BYTES) {
            throw new IllegalStateException(setting + " must decode to " + ApiKeyCipher.KEY_BYTES
                    + " bytes (AES-256), not " + key.length + "; generate one with `openssl rand -base64 32`");
        }
        return key;
    }
}
