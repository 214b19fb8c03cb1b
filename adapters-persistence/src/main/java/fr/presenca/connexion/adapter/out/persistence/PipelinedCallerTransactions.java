package fr.presenca.connexion.adapter.out.persistence;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;

import fr.presenca.connexion.application.caller.Caller;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Wrapped;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.scheduler.Schedulers;

/**
 * The metering hot path's transactions, on a bare pooled R2DBC connection: BEGIN, the caller's identity (claims and
 * role, transaction-local, as {@link CallerTransactions} sets them) and the transaction's lock and statement timeouts
 * travel in ONE simple-protocol message, and the work's first statement is written right behind it without waiting
 * for the answer. PostgreSQL runs the messages of a connection in order, so that statement runs inside the
 * transaction, under the caller's role and timeouts: one round trip where they took three. COMMIT goes only after the
 * work has succeeded (a COMMIT written behind an unprepared statement could overtake it); any error rolls back.
 *
 * <h2>Bounded waits, per connexion</h2>
 * A decision first gets its connexion's pass from the {@link ConnexionGate} (at most
 * {@link DecisionLimits#concurrentPerConnexion()} decisions of a connexion hold a pooled connection), then waits for
 * the row lock at most what is left of {@link DecisionLimits#lockTimeout()}: PostgreSQL's {@code lock_timeout} ends
 * the wait, {@code statement_timeout} bounds each statement, and a client-side deadline covers a server that does not
 * answer at all. All of them fail the decision with {@link fr.presenca.connexion.application.error.UnavailableException}.
 *
 * <h2>A caller that goes away</h2>
 * Cancelling the returned Mono before COMMIT was sent cancels the statement running on the server (PostgreSQL's
 * cancel request: a row-lock wait ends at once), then rolls back and returns the connection to the pool: nothing is
 * committed for a caller that gave up. Once COMMIT is sent it is let finish: the answer is stored under its
 * idempotency key, and the caller's retry gets it. ROLLBACK is sent again if the first one fails, since a cancel
 * request that arrives late could hit it; after a second failure the connection is broken anyway (the pool drops it).
 *
 * <p>Fail closed as everywhere: the service's own database role has no rights, so a statement that ran without the
 * role switch would be refused, not run unfiltered.
 */
final class PipelinedCallerTransactions {

    private static final Pattern ROLE_NAME = Pattern.compile("[a-z_]+");
    private static final Duration SHORTEST_LOCK_WAIT = Duration.ofMillis(1);

    private final ConnectionFactory connections;
    private final DecisionLimits limits;
    private final ConnexionGate gate;

    PipelinedCallerTransactions(ConnectionFactory connections, DecisionLimits limits) {
        this.connections = connections;
        this.limits = limits;
        this.gate = new ConnexionGate(limits.concurrentPerConnexion(), limits.queuedPerConnexion(), Schedulers.parallel());
    }

    /**
     * Runs {@code work} in one transaction under the caller's identity, after the decisions of the same connexion
     * ahead of it in this instance; its value is emitted after COMMIT.
     */
    <T> Mono<T> run(Caller caller, Object connexion, Function<Connection, Mono<T>> work) {
        return Mono.defer(() -> {
                    long deadline = System.nanoTime() + limits.lockTimeout().toNanos();
                    return gate.enter(connexion, limits.lockTimeout())
                            .flatMap(pass -> transaction(caller, lockWaitLeft(deadline), work, pass));
                })
                .timeout(limits.clientDeadline())
                .onErrorMap(DatabaseErrors::unavailableOr);
    }

    private <T> Mono<T> transaction(Caller caller, Duration lockTimeout, Function<Connection, Mono<T>> work,
                                    ConnexionGate.Pass pass) {
        AtomicBoolean connected = new AtomicBoolean();
        Progress progress = new Progress();
        return Mono.usingWhen(Mono.from(connections.create()),
                        connection -> {
                            connected.set(true);
                            Mono<T> prelude = Flux.from(connection.createStatement(prelude(caller, lockTimeout,
                                            limits.statementTimeout())).execute())
                                    .flatMap(Result::getRowsUpdated)
                                    .then(Mono.empty());
                            // mergeSequential subscribes to both at once, in order: the work's first statement is
                            // written to the connection behind the prelude, without waiting for its answer.
                            return Flux.mergeSequential(prelude, Mono.defer(() -> work.apply(connection)))
                                    .singleOrEmpty()
                                    .flatMap(value -> commit(connection, progress).thenReturn(value))
                                    .switchIfEmpty(commit(connection, progress).then(Mono.empty()));
                        },
                        connection -> Mono.from(connection.close()).doFinally(signal -> pass.release()),
                        (connection, error) -> rollbackAndClose(connection).doFinally(signal -> pass.release()),
                        connection -> abandon(connection, progress).doFinally(signal -> pass.release()))
                // Without a connection there is no cleanup above to release the pass.
                .doFinally(signal -> {
                    if (signal != SignalType.CANCEL || !connected.get()) {
                        pass.release();
                    }
                });
    }

    /**
     * BEGIN, the caller's claims and role and the transaction's timeouts as one literal statement list (the simple
     * protocol takes no parameters): the values come from verified identities only, a UUID and a role name, so they
     * hold no quote, and the timeouts are whole milliseconds.
     */
    static String prelude(Caller caller, Duration lockTimeout, Duration statementTimeout) {
        String claims = CallerTransactions.claimsOf(caller);
        String role = caller.role().databaseRole();
        if (claims.indexOf('\'') >= 0 || !ROLE_NAME.matcher(role).matches()) {
            throw new IllegalArgumentException("caller identity not fit for a literal");
        }
        return "begin; select set_config('request.jwt.claims', '" + claims + "', true), set_config('role', '"
                + role + "', true), set_config('lock_timeout', '" + millis(lockTimeout) + "ms', true),"
                + " set_config('statement_timeout', '" + millis(statementTimeout) + "ms', true)";
    }

    /** What is left of the decision's wait once it is through the gate; PostgreSQL reads 0 as no limit. */
    private static Duration lockWaitLeft(long deadline) {
        Duration left = Duration.ofNanos(deadline - System.nanoTime());
        return left.compareTo(SHORTEST_LOCK_WAIT) < 0 ? SHORTEST_LOCK_WAIT : left;
    }

    private static long millis(Duration duration) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(duration.toNanos()));
    }

    private static Mono<Void> commit(Connection connection, Progress progress) {
        // A caller that went away first gets no COMMIT: the abandon path rolls back.
        return Mono.defer(() -> progress.commit() ? execute(connection, "COMMIT") : Mono.empty());
    }

    /** The caller went away: cancel what runs on the server unless COMMIT was sent, then roll back. */
    private static Mono<Void> abandon(Connection connection, Progress progress) {
        Mono<Void> cancelStatement = progress.abandon() ? cancelRequest(connection) : Mono.empty();
        return cancelStatement.onErrorResume(error -> Mono.empty()).then(rollbackAndClose(connection));
    }

    private static Mono<Void> cancelRequest(Connection connection) {
        Connection physical = connection;
        while (physical instanceof Wrapped<?> wrapped && wrapped.unwrap() instanceof Connection inner && inner != physical) {
            physical = inner;
        }
        return physical instanceof PostgresqlConnection postgres ? postgres.cancelRequest() : Mono.empty();
    }

    private static Mono<Void> rollbackAndClose(Connection connection) {
        Mono<Void> rollback = execute(connection, "ROLLBACK");
        return rollback.onErrorResume(error -> rollback).onErrorResume(error -> Mono.empty())
                .then(Mono.from(connection.close()));
    }

    private static Mono<Void> execute(Connection connection, String sql) {
        return Flux.defer(() -> connection.createStatement(sql).execute()).flatMap(Result::getRowsUpdated).then();
    }

    /** Whether COMMIT was sent or the caller went away first: exactly one of the two happens. */
    private static final class Progress {
        private static final int WORKING = 0;
        private static final int COMMITTING = 1;
        private static final int ABANDONED = 2;
        private final AtomicInteger state = new AtomicInteger(WORKING);

        boolean commit() {
            return state.compareAndSet(WORKING, COMMITTING);
        }

        boolean abandon() {
            return state.compareAndSet(WORKING, ABANDONED);
        }
    }
}
