package fr.presenca.connexion.adapter.out.persistence;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import fr.presenca.connexion.application.change.ConnexionChange;
import fr.presenca.connexion.application.port.out.ConnexionChangesPort;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.connexion.ConnexionStatus;
import fr.presenca.connexion.domain.connexion.OrganisationId;
import io.r2dbc.postgresql.api.Notification;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Listens on {@code openai_connexion_changes}, which the table's triggers notify at each commit, on one
 * connection of its own per instance, held only while someone watches. PostgreSQL delivers the notifications
 * of every instance's commits, so a watcher sees changes made anywhere. A lost connection is re-opened.
 */
public final class PostgresConnexionChangeListener implements ConnexionChangesPort {

    static final String CHANNEL = "openai_connexion_changes";
    private static final Logger LOG = LoggerFactory.getLogger(PostgresConnexionChangeListener.class);

    private final Flux<ConnexionChange> changes;

    /** @param connectionFactory opens connections of their own (not from the pool: this one is held) */
    public PostgresConnexionChangeListener(ConnectionFactory connectionFactory) {
        this.changes = Flux.usingWhen(Mono.from(connectionFactory.create()), PostgresConnexionChangeListener::listen,
                        Connection::close)
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(10))
                        .doBeforeRetry(signal -> LOG.warn("Listening for connexion changes failed, retrying: {}",
                                signal.failure().toString())))
                .publish()
                .refCount();
    }

    @Override
    public Flux<ConnexionChange> connexionChanges() {
        return changes;
    }

    private static Flux<ConnexionChange> listen(Connection connection) {
        PostgresqlConnection postgres = unwrap(connection);
        return postgres.createStatement("LISTEN " + CHANNEL).execute()
                .flatMap(result -> result.getRowsUpdated())
                .thenMany(postgres.getNotifications())
                .filter(notification -> CHANNEL.equals(notification.getName()))
                .flatMap(notification -> Mono.justOrEmpty(parse(notification)));
    }

    private static PostgresqlConnection unwrap(Connection connection) {
        Object unwrapped = connection;
        while (!(unwrapped instanceof PostgresqlConnection) && unwrapped instanceof Wrapped<?> wrapped) {
            unwrapped = wrapped.unwrap();
        }
        if (unwrapped instanceof PostgresqlConnection postgres) {
            return postgres;
        }
        throw new IllegalStateException("Connexion changes need a PostgreSQL connection");
    }

    /** id|organisation|INSERT, UPDATE or DELETE|status|epoch microseconds; anything else is ignored. */
    static java.util.Optional<ConnexionChange> parse(Notification notification) {
        String payload = notification.getParameter();
        String[] parts = payload == null ? new String[0] : payload.split("\\|");
        if (parts.length != 5) {
            return java.util.Optional.empty();
        }
        try {
            ConnexionChange.Operation operation = switch (parts[2]) {
                case "INSERT" -> ConnexionChange.Operation.CREATED;
                case "DELETE" -> ConnexionChange.Operation.DELETED;
                default -> ConnexionChange.Operation.UPDATED;
            };
            long micros = Long.parseLong(parts[4]);
            return ConnexionStatus.fromCode(parts[3]).map(status -> new ConnexionChange(
                            new ConnexionId(UUID.fromString(parts[0])), new OrganisationId(UUID.fromString(parts[1])),
                            operation, status, Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1_000)))
                    .toJavaOptional();
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }
}
