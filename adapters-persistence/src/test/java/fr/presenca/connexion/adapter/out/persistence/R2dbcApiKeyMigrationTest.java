package fr.presenca.connexion.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.test.StepVerifier;

/** The start-up migration on an embedded PostgreSQL with the real changelog, rows written as Supabase holds them. */
@DisplayName("The API key migration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class R2dbcApiKeyMigrationTest {

    static final String KEY_A = "sk-proj-AaaaAaaaAaaaAaaaAaaa0001";
    static final String KEY_B = "sk-test-BbbbBbbbBbbbBbbb0002";
    static final byte[] MASTER_0 = ApiKeyCipherTest.key(0x40);
    static final byte[] MASTER_1 = ApiKeyCipherTest.key(0x50);

    final ApiKeyCipher cipher = new ApiKeyCipher("k1", Map.of("k1", MASTER_1));

    TestDatabase db;
    DatabaseClient database;
    TransactionalOperator transactions;

    @BeforeAll
    void startDatabase() {
        db = TestDatabase.migrated("api_key_migration");
        ConnectionFactory connectionFactory = db.connectionFactory();
        database = DatabaseClient.create(connectionFactory);
        transactions = TransactionalOperator.create(new R2dbcTransactionManager(connectionFactory));
    }

    @BeforeEach
    void emptyTable() {
        db.execute("delete from openai_connexion");
    }

    R2dbcApiKeyMigration migration(ApiKeyCipher with) {
        return new R2dbcApiKeyMigration(database, transactions, with);
    }

    UUID connexion(String storedKey) {
        return connexion(UUID.randomUUID(), storedKey);
    }

    UUID connexion(UUID id, String storedKey) {
        UUID organisation = UUID.randomUUID();
        db.execute("insert into organisations (organisation_id, name) values (?, ?)", organisation, "org " + organisation);
        db.execute("insert into openai_connexion (openai_connexion_id, organisation_id, client_id, openai_api_key,"
                + " openai_email_compte) values (?, ?, ?, ?, 'compte@example.test')", id, organisation, UUID.randomUUID(),
                storedKey);
        return id;
    }

    String storedKey(UUID id) {
        return db.single("select openai_api_key from openai_connexion where openai_connexion_id = ?", id);
    }

    /** Every column but the key, the audit fields included, to check nothing else moved. */
    String otherColumns(UUID id) {
        return db.single("select (to_jsonb(c) - 'openai_api_key')::text from openai_connexion c"
                + " where openai_connexion_id = ?", id);
    }

    @Test
    @DisplayName("keeps the audit fields: the last editor and the modification instant stay as they were")
    void keepsAuditFields() {
        UUID a = connexion(KEY_A);
        UUID editor = UUID.randomUUID();
        db.execute("insert into users (users_id, email) values (?, ?)", editor, editor + "@example.test");
        // As an edit through the API leaves the row: the audit trigger records the caller.
        db.execute("update openai_connexion set openai_updated_by = ? where openai_connexion_id = ?", editor, a);
        String before = otherColumns(a);
        assertThat(before).contains("\"openai_updated_by\": \"" + editor + "\"");

        StepVerifier.create(migration(cipher).encryptPlaintextKeys()).expectNext(1L).verifyComplete();

        assertThat(storedKey(a)).startsWith("enc:v1:k1:");
        assertThat(otherColumns(a)).isEqualTo(before);
    }

    @Test
    @DisplayName("encrypts every tenant's plaintext key, only that column, and leaves absent keys absent")
    void encryptsPlaintext() {
        UUID a = connexion(KEY_A);
        UUID b = connexion(KEY_B);
        UUID none = connexion(null);
        String aBefore = otherColumns(a);
        String noneBefore = otherColumns(none);

        StepVerifier.create(migration(cipher).encryptPlaintextKeys()).expectNext(2L).verifyComplete();

        assertThat(storedKey(a)).startsWith("enc:v1:k1:").doesNotContain(KEY_A);
        assertThat(storedKey(b)).startsWith("enc:v1:k1:").doesNotContain(KEY_B);
        assertThat(cipher.decrypt(storedKey(a))).isEqualTo(KEY_A);
        assertThat(cipher.decrypt(storedKey(b))).isEqualTo(KEY_B);
        assertThat(storedKey(none)).isNull();
        assertThat(otherColumns(a)).isEqualTo(aBefore);
        assertThat(otherColumns(none)).isEqualTo(noneBefore);
    }

    @Test
    @DisplayName("finds nothing to do the second time, and leaves the stored values as they were")
    void idempotent() {
        UUID a = connexion(KEY_A);
        StepVerifier.create(migration(cipher).encryptPlaintextKeys()).expectNext(1L).verifyComplete();
        String once = storedKey(a);

        StepVerifier.create(migration(cipher).encryptPlaintextKeys()).expectNext(0L).verifyComplete();

        assertThat(storedKey(a)).isEqualTo(once);
    }

    @Test
    @DisplayName("rewrites under the current master key what a previous key encrypted")
    void rotates() {
        ApiKeyCipher before = new ApiKeyCipher("k0", Map.of("k0", MASTER_0));
        UUID old = connexion(before.encrypt(KEY_A));
        UUID plain = connexion(KEY_B);
        UUID current = connexion(cipher.encrypt(KEY_B));
        String currentBefore = storedKey(current);
        ApiKeyCipher rotated = new ApiKeyCipher("k1", Map.of("k0", MASTER_0, "k1", MASTER_1));

        StepVerifier.create(migration(rotated).encryptPlaintextKeys()).expectNext(2L).verifyComplete();

        assertThat(storedKey(old)).startsWith("enc:v1:k1:");
        assertThat(cipher.decrypt(storedKey(old))).as("readable without the old key").isEqualTo(KEY_A);
        assertThat(cipher.decrypt(storedKey(plain))).isEqualTo(KEY_B);
        assertThat(storedKey(current)).isEqualTo(currentBefore);
    }

    @Test
    @DisplayName("fails as a whole, without naming the value, when a key was encrypted under an unknown key id")
    void unknownKeyIdRollsBack() {
        // Rows are taken in id order: the plaintext one is rewritten before the unreadable one fails the run.
        UUID plain = connexion(UUID.fromString("00000000-0000-4000-8000-000000000001"), KEY_A);
        String foreign = new ApiKeyCipher("k7", Map.of("k7", MASTER_0)).encrypt(KEY_B);
        UUID unreadable = connexion(UUID.fromString("ffffffff-0000-4000-8000-000000000002"), foreign);

        StepVerifier.create(migration(cipher).encryptPlaintextKeys())
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ApiKeyDecryptionException.class)
                        .hasMessageContaining(unreadable.toString()).hasMessageContaining("'k7'")
                        .message().doesNotContain(KEY_B).doesNotContain(foreign.substring(10)))
                .verify();

        assertThat(List.of(storedKey(plain), storedKey(unreadable))).containsExactlyInAnyOrder(KEY_A, foreign);
    }
}
