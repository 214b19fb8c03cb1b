package fr.presenca.connexion.bootstrap;

import java.time.Duration;

import fr.presenca.connexion.adapter.out.persistence.DecisionLimits;
import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Bounds on every wait for the database, so that one locked row or an unreachable server cannot hold callers
 * without limit. Settings:
 * <ul>
 *   <li>{@code presenca.database.lock-timeout} (default PT2S): the longest a statement waits for a row lock; a
 *       metering decision's whole wait for its connexion (queue and lock together).</li>
 *   <li>{@code presenca.database.statement-timeout} (default PT5S): the longest one statement runs.</li>
 *   <li>{@code presenca.database.connect-timeout} (default PT5S): opening a connection to the server.</li>
 *   <li>{@code presenca.metering.concurrent-decisions-per-connexion} (default 1) and
 *       {@code presenca.metering.queued-decisions-per-connexion} (default 100): per connexion and instance, how many
 *       decisions hold a pooled connection, and how many more wait for their turn in memory.</li>
 * </ul>
 * Every pooled connection starts with the lock and statement timeouts as its session defaults (management writes and
 * reads); metering decisions set them again per transaction, the lock timeout reduced by the time spent queued.
 * {@code spring.r2dbc.pool.max-acquire-time} bounds the wait for a pooled connection (application.yaml).
 */
@Configuration(proxyBeanMethods = false)
class DatabaseWaitsConfiguration {

    @Bean
    ConnectionFactoryOptionsBuilderCustomizer databaseTimeouts(
            @Value("${presenca.database.lock-timeout:PT2S}") Duration lockTimeout,
            @Value("${presenca.database.statement-timeout:PT5S}") Duration statementTimeout,
            @Value("${presenca.database.connect-timeout:PT5S}") Duration connectTimeout) {
        return options -> options
                .option(PostgresqlConnectionFactoryProvider.LOCK_WAIT_TIMEOUT, lockTimeout)
                .option(PostgresqlConnectionFactoryProvider.STATEMENT_TIMEOUT, statementTimeout)
                .option(ConnectionFactoryOptions.CONNECT_TIMEOUT, connectTimeout);
    }

    @Bean
    DecisionLimits decisionLimits(
            @Value("${presenca.database.lock-timeout:PT2S}") Duration lockTimeout,
            @Value("${presenca.database.statement-timeout:PT5S}") Duration statementTimeout,
            @Value("${presenca.metering.concurrent-decisions-per-connexion:1}") int concurrent,
            @Value("${presenca.metering.queued-decisions-per-connexion:100}") int queued) {
        return new DecisionLimits(lockTimeout, statementTimeout, concurrent, queued);
    }
}
