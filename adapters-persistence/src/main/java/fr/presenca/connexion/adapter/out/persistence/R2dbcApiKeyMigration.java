package fr.presenca.connexion.adapter.out.persistence;

import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one-off step that leaves only ciphertext in {@code openai_api_key}: encrypts the plaintext keys of adopted
 * Supabase data, and rewrites under the current master key the values a previous key encrypted. Running it again
 * finds nothing to do.
 * <p>
 * It runs as {@code service_role}, transaction-locally, with no caller claims: it is maintenance of the stored
 * form, not a caller's request, and it must see every tenant's rows, which service_role does (BYPASSRLS, as in
 * Supabase). The service's own login role holds no table rights of its own, so the role switch is required here
 * as everywhere. Only {@code openai_api_key} is written, and the row's audit fields stay as they were: the stored
 * form of a key is not an edit of the connexion. The seed's update trigger stamps every update (Supabase's usual
 * body sets {@code openai_updated_by = auth.uid()}, NULL here, and {@code openai_updated_at = now()}); the
 * transaction-local {@code presenca.api_key_rewrite} tells the changelog's trigger that fires after it (0041) to put
 * both back, which it does only for service_role and only when nothing but the key changed.
 */
public final class R2dbcApiKeyMigration {

    // FOR UPDATE: a second instance starting at the same time waits, then re-checks the condition and skips
    // the rows the first one rewrote, so no value is encrypted twice. Locking in id order keeps two such
    // instances from deadlocking.
    private static final String PENDING = """
            select openai_connexion_id, openai_api_key from openai_connexion
            where openai_api_key is not null and openai_api_key not like $1
            order by openai_connexion_id
            for update""";
    private static final String REWRITE =
            "update openai_connexion set openai_api_key = $1 where openai_connexion_id = $2";

    private final DatabaseClient database;
    private final TransactionalOperator transactions;
    private final ApiKeyCipher cipher;

    public R2dbcApiKeyMigration(DatabaseClient database, TransactionalOperator transactions, ApiKeyCipher cipher) {
        this.database = database;
        this.transactions = transactions;
        this.cipher = cipher;
    }

    /** Encrypts, in one transaction, every key not yet under the current master key; emits how many it rewrote. */
    public Mono<Long> encryptPlaintextKeys() {
        Mono<Long> rewriteAll = database.sql("select set_config('role', 'service_role', true),"
                        + " set_config('presenca.api_key_rewrite', 'on', true)")
                .fetch().rowsUpdated()
                .thenMany(database.sql(PENDING)
                .bind(0, cipher.currentPrefix() + "%")
                .map(row -> new StoredKey(row.get("openai_connexion_id", UUID.class),
                        row.get("openai_api_key", String.class)))
                .all())
                // Read to the end before writing: one connection runs one statement at a time.
                .collectList()
                .flatMapMany(Flux::fromIterable)
                .concatMap(stored -> database.sql(REWRITE)
                        .bind(0, encrypted(stored))
                        .bind(1, stored.id())
                        .fetch()
                        .rowsUpdated())
                .reduce(0L, Long::sum);
        return transactions.transactional(rewriteAll);
    }

    private String encrypted(StoredKey stored) {
        if (!ApiKeyCipher.isEncrypted(stored.value())) {
            return cipher.encrypt(stored.value());
        }
        try {
            return cipher.encrypt(cipher.decrypt(stored.value()));
        } catch (ApiKeyDecryptionException e) {
            // The row id helps find the value; the value itself stays out of the message.
            throw new ApiKeyDecryptionException("openai_connexion " + stored.id() + ": " + e.getMessage());
        }
    }

    /** A row's id and its stored key; no {@code toString} of it may ever show the key. */
    private record StoredKey(UUID id, String value) {
        @Override
        public String toString() {
            return "StoredKey[id=" + id + ", value=****]";
        }
    }
}
