package fr.presenca.connexion.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.error.UnavailableException;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The metering hot path's transaction on pooled connections, as presenca_app: the pipelined first statement runs as
 * the caller, the transaction commits or rolls back as a whole, nothing of a caller stays on the connection, waits are
 * bounded and a caller that goes away takes its transaction with it. Locks are held by the test as the owner, and
 * the test synchronises on pg_stat_activity and pg_locks, never on time.
 */
@DisplayName("Pipelined caller transactions")
class PipelinedCallerTransactionsTest {

    private static final TestDatabase DB = TestDatabase.migrated("pipelined");
    private static final Duration AT_MOST = Duration.ofSeconds(30);
    private static final DecisionLimits LIMITS = new DecisionLimits(Duration.ofSeconds(2), Duration.ofSeconds(5), 1, 10);
    private static final ConnectionPool POOL = pool(1);
    private static final PipelinedCallerTransactions TRANSACTIONS = new PipelinedCallerTransactions(POOL, LIMITS);
    private static final String CONNEXION = "connexion-a";

    private final UUID subject = UUID.randomUUID();

    @BeforeAll
    static void probeTables() {
        // Rows a caller's role may lock and write, and a deferred unique constraint that makes COMMIT wait.
        DB.execute("create table if not exists public.pipelined_probe (id int primary key, note text)");
        DB.execute("create table if not exists public.pipelined_commit_probe (k int,"
                + " constraint pipelined_commit_unique unique (k) deferrable initially deferred)");
        DB.execute("grant select, insert, update on public.pipelined_probe, public.pipelined_commit_probe to authenticated");
    }

    @AfterAll
    static void closePool() {
        POOL.dispose();
    }

    private static ConnectionPool pool(int size) {
        return new ConnectionPool(ConnectionPoolConfiguration.builder(DB.serviceConnectionFactory())
                .initialSize(1).maxSize(size).build());
    }

    @Test
    @DisplayName("the first statement, written behind BEGIN without waiting, runs as the caller with the caller's claims")
    void firstStatementRunsAsTheCaller() {
        List<String> seen = TRANSACTIONS.run(Caller.authenticated(subject), CONNEXION, connection ->
                        row(connection, "select current_user, current_setting('request.jwt.claims', true)"))
                .block();

        assertThat(seen).containsExactly("authenticated", CallerTransactions.claimsOf(Caller.authenticated(subject)));
        assertThat(outsideAnyTransaction(POOL, "select current_user, coalesce(current_setting('request.jwt.claims', true), '')"))
                .as("nothing of the caller is left on the pooled connection")
                .containsExactly("presenca_app", "");
    }

    @Test
    @DisplayName("a service_role caller gets the service_role")
    void serviceRole() {
        List<String> seen = TRANSACTIONS.run(Caller.serviceRole(subject), CONNEXION,
                connection -> row(connection, "select current_user")).block();

        assertThat(seen).containsExactly("service_role");
    }

    @Test
    @DisplayName("the transaction's statements run with its lock timeout (what is left of it) and statement timeout, which end with it")
    void timeouts() {
        List<String> seen = TRANSACTIONS.run(Caller.authenticated(subject), CONNEXION, connection -> row(connection,
                "select (extract(epoch from current_setting('lock_timeout')::interval) * 1000)::int::text,"
                        + " current_setting('statement_timeout')")).block();

        assertThat(Integer.parseInt(seen.get(0))).isBetween(1, 2000);
        assertThat(seen.get(1)).isEqualTo("5s");
        assertThat(outsideAnyTransaction(POOL, "select current_setting('lock_timeout'), current_setting('statement_timeout')"))
                .containsExactly("0", "0");
    }

    @Test
    @DisplayName("the work's effects are committed when it succeeds")
    void commits() {
        TRANSACTIONS.run(Caller.authenticated(subject), CONNEXION, connection ->
                row(connection, "select set_config('presenca.pipelined_mark', 'committed', false)")).block();

        assertThat(outsideAnyTransaction(POOL, "select current_setting('presenca.pipelined_mark', true)"))
                .containsExactly("committed");
    }

    @Test
    @DisplayName("an error in the work rolls everything back (so BEGIN did open the transaction), and the connection serves the next caller")
    void rollsBackOnError() {
        Mono<List<String>> failing = TRANSACTIONS.run(Caller.authenticated(subject), CONNEXION, connection ->
                row(connection, "select set_config('presenca.pipelined_mark', 'rolled back', false)")
                        .then(Mono.error(new IllegalStateException("the decision failed"))));

        assertThatThrownBy(failing::block).hasMessageContaining("the decision failed");
        assertThat(outsideAnyTransaction(POOL, "select coalesce(current_setting('presenca.pipelined_mark', true), '')"))
                .doesNotContain("rolled back");
        assertThat(TRANSACTIONS.run(Caller.authenticated(subject), CONNEXION, connection -> row(connection, "select current_user"))
                .block()).containsExactly("authenticated");
    }

    @Test
    @DisplayName("a refused statement (no rights for the role) fails the call as it is, not as UNAVAILABLE, and leaves the connection usable")
    void refusedStatement() {
        Mono<List<String>> refused = TRANSACTIONS.run(Caller.authenticated(subject), CONNEXION, connection ->
                row(connection, "select count(*)::text from pg_authid"));

        assertThatThrownBy(refused::block).hasMessageContaining("permission denied")
                .isNotInstanceOf(UnavailableException.class);
        assertThat(TRANSACTIONS.run(Caller.authenticated(subject), CONNEXION, connection -> row(connection, "select current_user"))
                .block()).containsExactly("authenticated");
    }

    @Test
    @DisplayName("the prelude is one literal statement list built from a UUID, a role name and whole milliseconds")
    void prelude() {
        assertThat(PipelinedCallerTransactions.prelude(Caller.serviceRole(subject), Duration.ofMillis(1500),
                Duration.ofSeconds(5)))
                .isEqualTo("begin; select set_config('request.jwt.claims', '{\"sub\":\"" + subject
                        + "\",\"role\":\"service_role\"}', true), set_config('role', 'service_role', true),"
                        + " set_config('lock_timeout', '1500ms', true), set_config('statement_timeout', '5000ms', true)");
    }

    /** The faults: a row held locked by the test (as the owner, in a transaction of its own). */
    @Nested
    @DisplayName("when a row is locked by another transaction")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Locked {

        private final ConnectionPool pool = pool(2);
        private final List<Disposable> running = new ArrayList<>();
        private Connection holder;

        @AfterEach
        void release() throws SQLException {
            running.forEach(Disposable::dispose);
            running.clear();
            if (holder != null) {
                holder.rollback();
                holder.close();
                holder = null;
            }
        }

        @AfterAll
        void closePool() {
            pool.dispose();
        }

        private void lockRow(int id) throws SQLException {
            DB.execute("insert into public.pipelined_probe (id, note) values (?, 'as seeded') on conflict (id) do update"
                    + " set note = 'as seeded'", id);
            holder = DB.openAsOwner();
            holder.setAutoCommit(false);
            try (Statement st = holder.createStatement()) {
                st.execute("select * from public.pipelined_probe where id = " + id + " for update");
            }
        }

        /** Statements may run far longer than the test: only the lock timeout or the cancellation ends a wait. */
        private PipelinedCallerTransactions transactions(Duration lockTimeout, int queued) {
            return new PipelinedCallerTransactions(pool, new DecisionLimits(lockTimeout, Duration.ofMinutes(10), 1, queued));
        }

        /** A transaction that updates the probe row: it waits for the row's lock. */
        private Mono<List<String>> update(PipelinedCallerTransactions transactions, Object connexion, int id) {
            return transactions.run(Caller.authenticated(subject), connexion, connection ->
                    row(connection, "update public.pipelined_probe set note = 'changed' where id = " + id
                            + " returning note"));
        }

        @Test
        @DisplayName("a transaction waiting for it fails with UNAVAILABLE after the lock timeout, and changes nothing")
        void lockTimeout() throws SQLException {
            lockRow(10);

            assertThatThrownBy(() -> update(transactions(Duration.ofMillis(200), 10), CONNEXION, 10).block(AT_MOST))
                    .isInstanceOf(UnavailableException.class).hasMessageContaining("lock timeout");

            holder.rollback();
            assertThat(DB.single("select note from public.pipelined_probe where id = 10")).isEqualTo("as seeded");
            await("no transaction left open").atMost(AT_MOST).until(() -> DB.single(
                    "select count(*) from pg_stat_activity where usename = 'presenca_app' and state <> 'idle'").equals("0"));
        }

        @Test
        @DisplayName("every waiting decision of the locked connexion fails within the lock timeout, the queued ones too")
        void queuedDecisionsFailToo() throws SQLException {
            lockRow(11);
            PipelinedCallerTransactions transactions = transactions(Duration.ofMillis(300), 10);

            List<Throwable> failures = Flux.range(0, 4)
                    .flatMap(i -> update(transactions, CONNEXION, 11).then(Mono.<Throwable>empty()).onErrorResume(Mono::just))
                    .collectList().block(AT_MOST);

            assertThat(failures).hasSize(4).allSatisfy(error -> assertThat(error).isInstanceOf(UnavailableException.class));
        }

        @Test
        @DisplayName("while one decision of a connexion waits for the lock, the others wait in memory: another connexion still gets a pooled connection")
        void oneConnexionCannotTakeThePool() throws SQLException {
            lockRow(12);
            PipelinedCallerTransactions transactions = transactions(Duration.ofMinutes(1), 10);
            for (int i = 0; i < 3; i++) {
                running.add(update(transactions, CONNEXION, 12).subscribe(ignored -> { }, ignored -> { }));
            }
            await().atMost(AT_MOST).until(() -> waitingOnLocks().size() == 1);

            List<String> other = transactions.run(Caller.authenticated(subject), "connexion-b",
                    connection -> row(connection, "select current_user")).block(AT_MOST);

            assertThat(other).containsExactly("authenticated");
            assertThat(waitingOnLocks()).as("the pool of 2 holds one waiter of the locked connexion only").hasSize(1);
        }

        @Test
        @DisplayName("a caller that goes away while waiting: the wait is cancelled on the server, the transaction rolled back, nothing committed, the connection back in the pool")
        void callerGoesAwayWhileWaiting() throws SQLException {
            lockRow(13);
            // A lock timeout far longer than the test: only the cancellation can end this wait.
            PipelinedCallerTransactions transactions = transactions(Duration.ofMinutes(5), 10);
            Disposable caller = transactions.run(Caller.authenticated(subject), CONNEXION, connection ->
                            row(connection, "insert into public.pipelined_probe (id, note) values (14, 'abandoned') returning note")
                                    .then(Mono.defer(() -> row(connection,
                                            "update public.pipelined_probe set note = 'changed' where id = 13 returning note"))))
                    .subscribe(ignored -> { }, ignored -> { });
            running.add(caller);
            await().atMost(AT_MOST).until(() -> waitingOnLocks().size() == 1);
            String backend = waitingOnLocks().get(0);

            caller.dispose();

            await().atMost(AT_MOST).until(() -> "idle".equals(stateOf(backend)));
            assertThat(DB.single("select count(*) from pg_locks where pid = " + backend + " and locktype <> 'virtualxid'"))
                    .as("the backend holds and awaits no lock, while the test still holds the row").isEqualTo("0");
            holder.rollback();
            assertThat(DB.column("select note from public.pipelined_probe where id in (13, 14) order by id"))
                    .containsExactly("as seeded");
            assertThat(transactions.run(Caller.authenticated(subject), CONNEXION, connection -> row(connection, "select current_user"))
                    .block(AT_MOST)).as("the connexion's pass and the connection came back").containsExactly("authenticated");
        }

        @Test
        @DisplayName("a caller that goes away once COMMIT is sent: the commit completes, so the answer stored with it can be replayed")
        void callerGoesAwayDuringCommit() throws SQLException {
            holder = DB.openAsOwner();
            holder.setAutoCommit(false);
            try (Statement st = holder.createStatement()) {
                // The same key, uncommitted: the caller's deferred unique check at COMMIT waits for this transaction.
                st.execute("insert into public.pipelined_commit_probe (k) values (1)");
            }
            PipelinedCallerTransactions transactions = transactions(Duration.ofMinutes(5), 10);
            Disposable caller = transactions.run(Caller.authenticated(subject), CONNEXION, connection ->
                            row(connection, "insert into public.pipelined_commit_probe (k) values (1) returning k::text"))
                    .subscribe(ignored -> { }, ignored -> { });
            running.add(caller);
            await().atMost(AT_MOST).until(() -> waitingOnLocks().size() == 1);
            String backend = waitingOnLocks().get(0);
            assertThat(DB.single("select query from pg_stat_activity where pid = " + backend)).isEqualTo("COMMIT");

            caller.dispose();
            holder.rollback();

            await().atMost(AT_MOST).until(() -> "idle".equals(stateOf(backend)));
            assertThat(DB.column("select k from public.pipelined_commit_probe")).containsExactly("1");
        }

        /** The service role's backends waiting for a lock. */
        private List<String> waitingOnLocks() {
            return DB.column("select pid from pg_stat_activity where usename = 'presenca_app' and wait_event_type = 'Lock'");
        }

        private String stateOf(String backend) {
            List<String> state = DB.column("select state from pg_stat_activity where pid = " + backend);
            return state.isEmpty() ? "gone" : state.get(0);
        }
    }

    /** The first row of a statement, every column as text. */
    private static Mono<List<String>> row(io.r2dbc.spi.Connection connection, String sql) {
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
    private static List<String> outsideAnyTransaction(ConnectionPool pool, String sql) {
        return Mono.usingWhen(pool.create(), connection -> row(connection, sql), io.r2dbc.spi.Connection::close).block();
    }
}
