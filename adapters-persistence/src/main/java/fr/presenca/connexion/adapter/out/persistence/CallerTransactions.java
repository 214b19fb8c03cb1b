package fr.presenca.connexion.adapter.out.persistence;

import java.util.function.Function;

import fr.presenca.connexion.application.caller.Caller;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Runs work in one transaction that first takes on the caller's identity, as Supabase's PostgREST does:
 * the verified claims go to {@code request.jwt.claims} and the role to {@code role}, both transaction-local,
 * so row-level security filters every statement and nothing outlives COMMIT/ROLLBACK on a pooled connection.
 * One round trip sets both. Each pooled connection starts with the configured lock and statement timeouts (see
 * bootstrap's database settings), so no statement here waits without bound either; a database that cannot be reached
 * or a wait that ran out of time fails with {@link fr.presenca.connexion.application.error.UnavailableException}.
 */
final class CallerTransactions {

    private static final String TAKE_ON_CALLER =
            "select set_config('request.jwt.claims', $1, true), set_config('role', $2, true)";

    private final DatabaseClient database;
    private final TransactionalOperator transactions;

    CallerTransactions(DatabaseClient database, TransactionalOperator transactions) {
        this.database = database;
        this.transactions = transactions;
    }

    <T> Mono<T> run(Caller caller, Function<DatabaseClient, Mono<T>> work) {
        Mono<T> inTransaction = database.sql(TAKE_ON_CALLER)
                .bind(0, claimsOf(caller))
                .bind(1, caller.role().databaseRole())
                .fetch()
                .rowsUpdated()
                .then(Mono.defer(() -> work.apply(database)));
        return transactions.transactional(inTransaction).onErrorMap(DatabaseErrors::unavailableOr);
    }

    /** The claims the policies read; built here from verified values only, so no quoting is needed for a UUID. */
    static String claimsOf(Caller caller) {
        // A gateway key's hash is hex: no quoting either. The policies grant it its key's connexion only.
        String key = caller.gatewayKey().map(hash -> ",\"presenca_gateway_key\":\"" + requireHex(hash) + "\"").getOrElse("");
        return "{\"sub\":\"" + caller.subject() + "\",\"role\":\"" + caller.role().databaseRole() + "\"" + key + "}";
    }

    private static String requireHex(String hash) {
        if (!hash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a gateway key's hash is 64 hex digits");
        }
        return hash;
    }
}
