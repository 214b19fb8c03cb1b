package fr.presenca.connexion.bootstrap;

import java.time.Duration;

import fr.presenca.connexion.adapter.out.persistence.R2dbcApiKeyMigration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Runs the API key migration once per start, before the service answers anything.
 * <p>
 * After every singleton exists, so Liquibase has already brought the schema up to date and the connection pool
 * is no longer being built; and before the web server starts (it starts with the context's lifecycle, later), so
 * health cannot report UP, nor a request read a key, while plaintext may remain. An {@code ApplicationRunner} or
 * {@code ApplicationReadyEvent} would run with the port already open. A failure stops the start: a key that
 * cannot be decrypted means a missing previous key, and serving on would hide it.
 */
final class ApiKeyMigrationAtStartup implements SmartInitializingSingleton {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyMigrationAtStartup.class);
    static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final R2dbcApiKeyMigration migration;

    ApiKeyMigrationAtStartup(R2dbcApiKeyMigration migration) {
        this.migration = migration;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Long rewritten = migration.encryptPlaintextKeys().block(TIMEOUT);
        // The count only: the values, before or after, stay out of the logs.
        LOG.info("OpenAI API keys at rest: {} encrypted or re-encrypted under the current master key", rewritten);
    }
}
