package fr.presenca.connexion.adapter.out.persistence;

import fr.presenca.connexion.application.port.out.VerificationRoundLockPort;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.vavr.control.Option;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The verification round's lock: a PostgreSQL session advisory lock, tried (never waited for) on a connection of its
 * own, opened for the round and closed after it, so that it holds no pooled connection however long the round runs,
 * and the lock goes with the session whatever ends the round (completion, an error, a cancellation, the instance or its
 * connection dying). Advisory locks need no privilege: the service's login role takes it as it is.
 */
public final class PostgresVerificationRoundLock implements VerificationRoundLockPort {

    /** The lock's key, in the two-integer space: hashtext of a fixed name, as db/migrations-schema.sql does. */
    static final String KEY = "hashtext('presenca openai verification round')";
    private static final String TRY_LOCK = "select pg_try_advisory_lock(" + KEY + ") as taken";

    private final ConnectionFactory connections;

    /** @param connections opens connections of their own (not from the pool: this one is held for a round) */
    public PostgresVerificationRoundLock(ConnectionFactory connections) {
        this.connections = connections;
    }

    @Override
    public <T> Mono<Option<T>> underRoundLock(Mono<T> round) {
        // The database's failures to open the session or take the lock are UNAVAILABLE; the round's own pass as they are.
        return Mono.usingWhen(Mono.from(connections.create()).onErrorMap(DatabaseErrors::unavailableOr),
                connection -> tryLock(connection)
                        .flatMap(taken -> taken ? round.map(Option::some) : Mono.just(Option.<T>none())),
                // Closing the session releases its advisory locks.
                Connection::close);
    }

    private static Mono<Boolean> tryLock(Connection connection) {
        return Flux.from(connection.createStatement(TRY_LOCK).execute())
                .flatMap(result -> result.map((row, metadata) -> Boolean.TRUE.equals(row.get("taken", Boolean.class))))
                .next()
                .defaultIfEmpty(false)
                .onErrorMap(DatabaseErrors::unavailableOr);
    }
}
