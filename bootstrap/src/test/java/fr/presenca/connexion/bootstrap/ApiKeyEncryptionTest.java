package fr.presenca.connexion.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import fr.presenca.connexion.adapter.out.persistence.ApiKeyCipher;
import fr.presenca.connexion.adapter.out.persistence.R2dbcApiKeyMigration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;

/**
 * The start-up migration and the cipher in the running service. The database is shared with the other
 * integration tests: the migration also encrypts whatever plaintext they left, which they no longer read.
 */
@DisplayName("OpenAI API keys at rest")
@ExtendWith(OutputCaptureExtension.class)
class ApiKeyEncryptionTest extends IntegrationTest {

    @Autowired
    private R2dbcApiKeyMigration migration;
    @Autowired
    private ApiKeyCipher cipher;
    @Autowired
    private ApiKeyMigrationAtStartup atStartup;

    private Fixtures fixtures;
    private UUID organisation;

    @BeforeEach
    void setUp() {
        fixtures = new Fixtures(database);
        organisation = fixtures.organisation("Chiffrement " + UUID.randomUUID());
    }

    private UUID connexionWithPlaintextKey(String apiKey) {
        UUID id = fixtures.connexion(organisation, "reseau");
        fixtures.update(id, "openai_api_key = '" + apiKey + "'");
        return id;
    }

    private String storedKey(UUID id) {
        return database.sql("select openai_api_key from openai_connexion where openai_connexion_id = $1")
                .bind(0, id).map(row -> row.get(0, String.class)).one().block();
    }

    @Test
    @DisplayName("the migration encrypts a plaintext key written straight into the table, under the configured key")
    void migratesPlaintext() {
        String apiKey = "sk-proj-Migrated" + UUID.randomUUID().toString().replace("-", "");
        UUID id = connexionWithPlaintextKey(apiKey);

        assertThat(migration.encryptPlaintextKeys().block()).isPositive();

        String stored = storedKey(id);
        assertThat(stored).startsWith("enc:v1:k1:").doesNotContain(apiKey);
        assertThat(cipher.decrypt(stored)).isEqualTo(apiKey);
        ApiKeyCipher configured = new ApiKeyCipher("k1", Map.of("k1", Base64.getDecoder().decode(ENCRYPTION_KEY)));
        assertThat(configured.decrypt(stored)).as("the key of PRESENCA_ENCRYPTION_KEY").isEqualTo(apiKey);
        assertThat(migration.encryptPlaintextKeys().block()).as("nothing left to do").isZero();
        assertThat(storedKey(id)).isEqualTo(stored);
    }

    @Test
    @DisplayName("neither the master key nor an API key reaches the log, a response or a toString, even at DEBUG")
    void nothingLeaks(CapturedOutput output) {
        String apiKey = "sk-proj-Secret" + UUID.randomUUID().toString().replace("-", "");
        UUID id = connexionWithPlaintextKey(apiKey);
        UUID admin = fixtures.user(null, true);
        LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
        LogLevel before = logging.getLoggerConfiguration(LoggingSystem.ROOT_LOGGER_NAME).getEffectiveLevel();
        String response;
        try {
            logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.DEBUG);
            atStartup.afterSingletonsInstantiated();
            String stored = storedKey(id);
            assertThatThrownBy(() -> cipher.decrypt(stored.substring(0, stored.length() - 4) + "AAAA"))
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(apiKey).doesNotContain(stored));
            response = http().post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                    .header("Authorization", "Bearer " + tokens.authenticated(admin))
                    .bodyValue(Map.of("query", "query($id: ID!) { connexion(id: $id) { id hasApiKey apiKeyHint } }",
                            "variables", Map.of("id", id.toString())))
                    .exchange().expectStatus().isOk()
                    .expectBody(String.class).returnResult().getResponseBody();
        } finally {
            logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, before);
        }

        assertThat(response).contains("\"hasApiKey\":true").doesNotContain(apiKey);
        String log = output.getAll();
        assertThat(log).contains("OpenAI API keys at rest: ").contains("DEBUG");
        byte[] masterKey = Base64.getDecoder().decode(ENCRYPTION_KEY);
        for (String secret : new String[] {apiKey, apiKey.substring(8, 30), ENCRYPTION_KEY,
                ENCRYPTION_KEY.substring(0, 20), Base64.getUrlEncoder().withoutPadding().encodeToString(masterKey),
                HexFormat.of().formatHex(masterKey), new String(masterKey, StandardCharsets.ISO_8859_1)}) {
            assertThat(log).doesNotContain(secret);
        }
        assertThat(cipher.toString() + migration + atStartup).doesNotContain(ENCRYPTION_KEY).doesNotContain(apiKey);
    }
}
