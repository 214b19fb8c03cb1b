package fr.presenca.connexion.adapter.out.persistence;

import java.util.function.Function;
import java.util.regex.Pattern;

import fr.presenca.connexion.application.caller.Caller;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The metering hot path's transactions, on a bare pooled R2DBC connection: BEGIN and the caller's identity
 * (claims and role, transaction-local, as {@link CallerTransactions} sets them) travel in ONE simple-protocol
 * message, and the work's first statement is written right behind it without waiting for the answer. PostgreSQL
 * runs the messages of a connection in order, so that statement runs inside the transaction, under the caller's
 * role: one round trip where BEGIN, the identity and the statement took three. COMMIT goes only after the work has
 * succeeded (a COMMIT written behind an unprepared statement could overtake it); any error or cancellation rolls back.
 *
 * <p>Fail closed as everywhere: the service's own database role has no rights, so a statement that ran without the
 * role switch would be refused, not run unfiltered.
 */
final class PipelinedCallerTransactions {

    private static final Pattern ROLE_NAME = Pattern.compile("[a-z_]+");

    private final ConnectionFactory connections;

    PipelinedCallerTransactions(ConnectionFactory connections) {
        this.connections = connections;
    }

    /** Runs {@code work} in one transaction under the caller's identity; its value is emitted after COMMIT. */
    <T> Mono<T> run(Caller caller, Function<Connection, Mono<T>> work) {
        return Mono.usingWhen(Mono.from(connections.create()),
                connection -> {
                    Mono<T> prelude = Flux.from(connection.createStatement(prelude(caller)).execute())
                            .flatMap(Result::getRowsUpdated)
                            .then(Mono.empty());
                    // mergeSequential subscribes to both at once, in order: the work's first statement is written
                    // to the connection behind the prelude, without waiting for its answer.
                    return Flux.mergeSequential(prelude, Mono.defer(() -> work.apply(connection)))
                            .singleOrEmpty()
                            .flatMap(value -> execute(connection, "COMMIT").thenReturn(value))
                            .switchIfEmpty(execute(connection, "COMMIT").then(Mono.empty()));
                },
                Connection::close,
                (connection, error) -> rollbackAndClose(connection),
                PipelinedCallerTransactions::rollbackAndClose);
    }

    /**
     * BEGIN and the caller's claims and role as one literal statement list (the simple protocol takes no
     * parameters): the values come from verified identities only, a UUID and a role name, so they hold no quote.
     */
    static String prelude(Caller caller) {
        String claims = CallerTransactions.claimsOf(caller);
        String role = caller.role().databaseRole();
        if (claims.indexOf('\'') >= 0 || !ROLE_NAME.matcher(role).matches()) {
            throw new IllegalArgumentException("caller identity not fit for a literal");
        }
        return "begin; select set_config('request.jwt.claims', '" + claims + "', true), set_config('role', '"
                + role + "', true)";
    }

    private static Mono<Void> rollbackAndClose(Connection connection) {
        return execute(connection, "ROLLBACK").onErrorResume(error -> Mono.empty()).then(Mono.from(connection.close()));
    }

    private static Mono<Void> execute(Connection connection, String sql) {
        return Flux.from(connection.createStatement(sql).execute()).flatMap(Result::getRowsUpdated).then();
    }
}
