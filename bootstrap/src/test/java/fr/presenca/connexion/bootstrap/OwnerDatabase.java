package fr.presenca.connexion.bootstrap;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * A client connected as the embedded database's owner, for fixtures and assertions that must see every row.
 * The service itself connects as presenca_app, which can do nothing without taking on a caller's role.
 */
final class OwnerDatabase {

    private static final Map<String, DatabaseClient> CLIENTS = new ConcurrentHashMap<>();

    private OwnerDatabase() {
    }

    static DatabaseClient of(String r2dbcUrl) {
        return CLIENTS.computeIfAbsent(r2dbcUrl, url -> DatabaseClient.create(ConnectionFactories.get(
                ConnectionFactoryOptions.parse(url).mutate()
                        .option(ConnectionFactoryOptions.USER, DatabaseEnvironmentPostProcessor.EMBEDDED_OWNER)
                        .option(ConnectionFactoryOptions.PASSWORD, "")
                        .build())));
    }
}
