package fr.presenca.connexion.changelog;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One embedded PostgreSQL cluster per test JVM, started on first use and stopped at JVM exit.
 * Test classes do not share databases: each creates its own (see {@link TestDatabase}).
 */
final class EmbeddedPostgresCluster {

    private static EmbeddedPostgres cluster;

    private EmbeddedPostgresCluster() {
    }

    static synchronized EmbeddedPostgres get() {
        if (cluster == null) {
            try {
                cluster = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
            EmbeddedPostgres started = cluster;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }, "embedded-postgres-shutdown"));
        }
        return cluster;
    }
}
