package fr.presenca.connexion.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Chooses the database before any bean exists. Without {@code spring.r2dbc.url} the service starts an
 * embedded PostgreSQL whose data directory survives restarts; in both cases Liquibase is pointed at the
 * same database over JDBC, because Spring Boot's Liquibase support silently does nothing without a URL.
 */
public class DatabaseEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY_SOURCE = "presencaDatabase";
    static final String HOME = "presenca.home";
    static final String EMBEDDED_PORT = "presenca.database.embedded.port";
    static final String EMBEDDED_OWNER = "postgres";
    static final String EMBEDDED_SERVICE_USER = "presenca_app";

    // One server per data directory and JVM, shared by the application contexts using it and stopped with the last.
    private static final Map<Path, SharedServer> SERVERS = new HashMap<>();

    static {
        // Spring Boot runs its shutdown handlers after it has closed the application contexts (requests in flight
        // drained, pools closed); a server whose lease was not released (a context never closed) stops then.
        SpringApplication.getShutdownHandlers().add(DatabaseEnvironmentPostProcessor::stopAll);
    }

    @Override
    public int getOrder() {
        // After the config files and the environment variables have been read.
        return Ordered.LOWEST_PRECEDENCE - 10;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> derived = new HashMap<>();
        String r2dbcUrl = environment.getProperty("spring.r2dbc.url");
        String username = environment.getProperty("spring.r2dbc.username");
        String password = environment.getProperty("spring.r2dbc.password");
        if (r2dbcUrl == null || r2dbcUrl.isBlank()) {
            Path dataDir = homeOf(environment).resolve("pgdata");
            int port = environment.getProperty(EMBEDDED_PORT, Integer.class, 0);
            EmbeddedPostgres server = acquire(dataDir, port);
            // Released when the context's beans are destroyed (after the connection pool), or if start-up fails.
            EmbeddedServerLease lease = new EmbeddedServerLease(dataDir);
            application.addInitializers(context -> ((DefaultListableBeanFactory) context.getBeanFactory())
                    .registerDisposableBean("embeddedPostgresLease", lease));
            application.addListeners(event -> {
                if (event instanceof ApplicationFailedEvent) {
                    lease.destroy();
                }
            });
            r2dbcUrl = "r2dbc:postgresql://localhost:" + server.getPort() + "/postgres";
            // The service connects as presenca_app (no rights of its own: fails closed without the per-transaction
            // role switch); the changelog runs as the owner, which also creates presenca_app.
            derived.put("spring.r2dbc.url", r2dbcUrl);
            derived.put("spring.r2dbc.username", EMBEDDED_SERVICE_USER);
            derived.put("spring.r2dbc.password", "");
            username = EMBEDDED_OWNER;
            password = "";
            derived.put("presenca.database.embedded.active", "true");
        }
        // Liquibase runs over JDBC against the same database; whatever is set explicitly wins.
        if (isBlank(environment.getProperty("spring.liquibase.url"))) {
            derived.put("spring.liquibase.url", jdbcUrlOf(r2dbcUrl));
        }
        if (username != null && isBlank(environment.getProperty("spring.liquibase.user"))) {
            derived.put("spring.liquibase.user", username);
        }
        if (password != null && environment.getProperty("spring.liquibase.password") == null) {
            derived.put("spring.liquibase.password", password);
        }
        // First: an explicitly blank spring.r2dbc.url (meaning "embedded") must not shadow the derived one.
        environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, derived));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** Where local mode keeps its data: {@code presenca.home} ({@code PRESENCA_HOME}), by default under the user's home. */
    static Path homeOf(org.springframework.core.env.Environment environment) {
        String home = environment.getProperty(HOME);
        Path path = home == null || home.isBlank()
                ? Path.of(System.getProperty("user.home"), ".presenca", "openai-connexion")
                : Path.of(home);
        return path.toAbsolutePath().normalize();
    }

    /** r2dbc:postgresql://host:port/db?opts → jdbc:postgresql://host:port/db?opts (pool prefixes dropped). */
    static String jdbcUrlOf(String r2dbcUrl) {
        String rest = r2dbcUrl.replaceFirst("^r2dbcs?:(pool:)?", "");
        if (!rest.startsWith("postgresql://")) {
            throw new IllegalStateException("spring.r2dbc.url must be a PostgreSQL R2DBC URL (r2dbc:postgresql://…)");
        }
        return "jdbc:" + rest;
    }

    private static synchronized EmbeddedPostgres acquire(Path dataDir, int port) {
        SharedServer shared = SERVERS.computeIfAbsent(dataDir, dir -> new SharedServer(start(dir, port)));
        shared.users++;
        return shared.server;
    }

    private static synchronized void release(Path dataDir) {
        SharedServer shared = SERVERS.get(dataDir);
        if (shared != null && --shared.users == 0) {
            SERVERS.remove(dataDir);
            try {
                shared.server.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not stop the embedded PostgreSQL in " + dataDir, e);
            }
        }
    }

    private static synchronized void stopAll() {
        for (Path dataDir : List.copyOf(SERVERS.keySet())) {
            SERVERS.get(dataDir).users = 1;
            release(dataDir);
        }
    }

    private static final class EmbeddedServerLease implements DisposableBean {
        private final Path dataDir;
        private final AtomicBoolean released = new AtomicBoolean();

        private EmbeddedServerLease(Path dataDir) {
            this.dataDir = dataDir;
        }

        @Override
        public void destroy() {
            if (released.compareAndSet(false, true)) {
                release(dataDir);
            }
        }
    }

    private static final class SharedServer {
        private final EmbeddedPostgres server;
        private int users;

        private SharedServer(EmbeddedPostgres server) {
            this.server = server;
        }
    }

    private static EmbeddedPostgres start(Path dataDir, int port) {
        try {
            Files.createDirectories(dataDir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    // Its own JVM shutdown hook would stop the server at once on SIGTERM, while the graceful shutdown
                    // still lets the decisions in flight finish: the lease (or stopAll) stops it after them.
                    .setRegisterShutdownHook(false)
                    .setServerConfig("max_connections", "200");
            if (port > 0) {
                builder.setPort(port);
            }
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDir, e);
        }
    }
}
