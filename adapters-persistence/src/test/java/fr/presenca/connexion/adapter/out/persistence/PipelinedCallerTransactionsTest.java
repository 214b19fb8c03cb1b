package fr.presenca.connexion.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;

import fr.presenca.connexion.application.caller.Caller;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The metering hot path's transaction on ONE pooled connection, as presenca_app: the pipelined first statement runs
 * as the caller, the transaction commits or rolls back as a whole, and nothing of a caller stays on the connection.
 */
@DisplayName("Pipelined caller transactions")
class PipelinedCallerTransactionsTest {

    private static final TestDatabase DB = TestDatabase.migrated("pipelined");
    private static final ConnectionPool POOL = new ConnectionPool(ConnectionPoolConfiguration
            .builder(DB.serviceConnectionFactory()).initialSize(1).maxSize(1).build());
    private static final PipelinedCallerTransactions TRANSACTIONS = new PipelinedCallerTransactions(POOL);

    private final UUID subject = UUID.randomUUID();

    @AfterAll
    static void closePool() {
        POOL.dispose();
    }

    @Test
    @DisplayName("the first statement, written behind BEGIN without waiting, runs as the caller with the caller's claims")
    void firstStatementRunsAsTheCaller() {
        List<String> seen = TRANSACTIONS.run(Caller.authenticated(subject), connection ->
                        row(connection, "select current_user, current_setting('request.jwt.claims', true)"))
                .block();

        assertThat(seen).containsExactly("authenticated", CallerTransactions.claimsOf(Caller.authenticated(subject)));
        assertThat(outsideAnyTransaction("select current_user, coalesce(current_setting('request.jwt.claims', true), '')"))
                .as("nothing of the caller is left on the pooled connection")
                .containsExactly("presenca_app", "");
    }

    @Test
    @DisplayName("a service_role caller gets the service_role")
    void serviceRole() {
        List<String> seen = TRANSACTIONS.run(Caller.serviceRole(subject), connection -> row(connection, "select current_user"))
                .block();

        assertThat(seen).containsExactly("service_role");
    }

    @Test
    @DisplayName("the work's effects are committed when it succeeds")
    void commits() {
        TRANSACTIONS.run(Caller.authenticated(subject), connection ->
                row(connection, "select set_config('presenca.pipelined_mark', 'committed', false)")).block();

        assertThat(outsideAnyTransaction("select current_setting('presenca.pipelined_mark', true)"))
                .containsExactly("committed");
    }

    @Test
    @DisplayName("an error in the work rolls everything back (so BEGIN did open the transaction), and the connection serves the next caller")
    void rollsBackOnError() {
        Mono<List<String>> failing = TRANSACTIONS.run(Caller.authenticated(subject), connection ->
                row(connection, "select set_config('presenca.pipelined_mark', 'rolled back', false)")
                        .then(Mono.error(new IllegalStateException("the decision failed"))));

        assertThatThrownBy(failing::block).hasMessageContaining("the decision failed");
        assertThat(outsideAnyTransaction("select coalesce(current_setting('presenca.pipelined_mark', true), '')"))
                .doesNotContain("rolled back");
        assertThat(TRANSACTIONS.run(Caller.authenticated(subject), connection -> row(connection, "select current_user"))
                .block()).containsExactly("authenticated");
    }

    @Test
    @DisplayName("a refused statement (no rights for the role) fails the call and leaves the connection usable")
    void refusedStatement() {
        Mono<List<String>> refused = TRANSACTIONS.run(Caller.authenticated(subject), connection ->
                row(connection, "select count(*)::text from pg_authid"));

        assertThatThrownBy(refused::block).hasMessageContaining("permission denied");
        assertThat(TRANSACTIONS.run(Caller.authenticated(subject), connection -> row(connection, "select current_user"))
                .block()).containsExactly("authenticated");
    }

    @Test
    @DisplayName("the prelude is one literal statement list built from a UUID and a role name only")
    void prelude() {
        assertThat(PipelinedCallerTransactions.prelude(Caller.serviceRole(subject)))
                .isEqualTo("begin; select set_config('request.jwt.claims', '{\"sub\":\"" + subject
                        + "\",\"role\":\"service_role\"}', true), set_config('role', 'service_role', true)");
    }

    /** The first row of a statement, every column as text. */
    private static Mono<List<String>> row(Connection connection, String sql) {
        return Flux.from(connection.createStatement(sql).execute())
                .flatMap(result -> result.map((row, meta) -> {
                    int columns = meta.getColumnMetadatas().size();
                    String[] values = new String[columns];
                    for (int i = 0; i < columns; i++) {
                        values[i] = row.get(i, String.class);
                    }
                    return List.of(values);
                }))
                .next();
    }

    /** A statement on the pool's connection with no transaction and no caller. */
    private static List<String> outsideAnyTransaction(String sql) {
        return Mono.usingWhen(POOL.create(), connection -> row(connection, sql), Connection::close).block();
    }
}
