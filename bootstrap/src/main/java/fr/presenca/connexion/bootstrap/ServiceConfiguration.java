package fr.presenca.connexion.bootstrap;

import java.time.Clock;
import java.time.ZoneId;

import fr.presenca.connexion.adapter.out.persistence.ApiKeyCipher;
import fr.presenca.connexion.adapter.out.persistence.PostgresConnexionChangeListener;
import fr.presenca.connexion.adapter.out.persistence.R2dbcConnexionPersistenceAdapter;
import fr.presenca.connexion.adapter.out.persistence.R2dbcDirectoryPersistenceAdapter;
import fr.presenca.connexion.application.port.in.ConnexionLifecycleUseCase;
import fr.presenca.connexion.application.port.in.CreateConnexionUseCase;
import fr.presenca.connexion.application.port.in.DeleteConnexionUseCase;
import fr.presenca.connexion.application.port.in.EnsureAdministratorUseCase;
import fr.presenca.connexion.application.port.in.ManageApiKeyUseCase;
import fr.presenca.connexion.application.port.in.ManageDirectoryUseCase;
import fr.presenca.connexion.application.port.in.UpdateConnexionUseCase;
import fr.presenca.connexion.application.port.in.WatchConnexionChangesUseCase;
import fr.presenca.connexion.application.port.in.FindConnexionUseCase;
import fr.presenca.connexion.application.port.in.ListConnexionsUseCase;
import fr.presenca.connexion.application.service.ConnexionLifecycleService;
import fr.presenca.connexion.application.service.CreateConnexionService;
import fr.presenca.connexion.application.service.DeleteConnexionService;
import fr.presenca.connexion.application.service.EnsureAdministratorService;
import fr.presenca.connexion.application.service.ManageApiKeyService;
import fr.presenca.connexion.application.service.ManageDirectoryService;
import fr.presenca.connexion.application.service.UpdateConnexionService;
import fr.presenca.connexion.application.service.WatchConnexionChangesService;
import fr.presenca.connexion.application.service.FindConnexionService;
import fr.presenca.connexion.application.service.ListConnexionsService;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/** Wires the use cases to their services and the services to the adapters. The core carries no annotations. */
@Configuration(proxyBeanMethods = false)
class ServiceConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    TransactionalOperator transactionalOperator(ConnectionFactory connectionFactory) {
        return TransactionalOperator.create(new R2dbcTransactionManager(connectionFactory));
    }

    /** The zone whose midnight resets daily quotas and whose month bounds budgets. */
    @Bean
    ZoneId quotaZone(@Value("${presenca.quota.zone:Europe/Paris}") String zone) {
        return ZoneId.of(zone);
    }

    @Bean
    R2dbcConnexionPersistenceAdapter connexionPersistence(DatabaseClient database, TransactionalOperator transactions,
                                                          ApiKeyCipher apiKeyCipher,
                                                          @Value("${presenca.audit.max-entries:100}") int maxAuditEntries) {
        return new R2dbcConnexionPersistenceAdapter(database, transactions, apiKeyCipher, maxAuditEntries);
    }

    @Bean
    R2dbcDirectoryPersistenceAdapter directoryPersistence(DatabaseClient database, TransactionalOperator transactions) {
        return new R2dbcDirectoryPersistenceAdapter(database, transactions);
    }

    @Bean
    FindConnexionUseCase findConnexionUseCase(R2dbcConnexionPersistenceAdapter persistence) {
        return new FindConnexionService(persistence);
    }

    @Bean
    ListConnexionsUseCase listConnexionsUseCase(R2dbcConnexionPersistenceAdapter persistence) {
        return new ListConnexionsService(persistence);
    }

    @Bean
    CreateConnexionUseCase createConnexionUseCase(R2dbcConnexionPersistenceAdapter persistence, Clock clock,
                                                  ZoneId quotaZone) {
        return new CreateConnexionService(persistence, persistence, clock, quotaZone);
    }

    @Bean
    UpdateConnexionUseCase updateConnexionUseCase(R2dbcConnexionPersistenceAdapter persistence, Clock clock,
                                                  ZoneId quotaZone) {
        return new UpdateConnexionService(persistence, persistence, clock, quotaZone);
    }

    @Bean
    ManageApiKeyUseCase manageApiKeyUseCase(R2dbcConnexionPersistenceAdapter persistence, Clock clock) {
        return new ManageApiKeyService(persistence, persistence, clock);
    }

    @Bean
    ConnexionLifecycleUseCase connexionLifecycleUseCase(R2dbcConnexionPersistenceAdapter persistence, Clock clock,
                                                        ZoneId quotaZone) {
        return new ConnexionLifecycleService(persistence, persistence, clock, quotaZone);
    }

    @Bean
    DeleteConnexionUseCase deleteConnexionUseCase(R2dbcConnexionPersistenceAdapter persistence) {
        return new DeleteConnexionService(persistence);
    }

    @Bean
    ManageDirectoryUseCase manageDirectoryUseCase(R2dbcDirectoryPersistenceAdapter directory) {
        return new ManageDirectoryService(directory);
    }

    /** Listens for connexion changes on a connection of its own, outside the pool (it holds it while watched). */
    @Bean
    PostgresConnexionChangeListener connexionChangeListener(@Value("${spring.r2dbc.url}") String url,
                                                            @Value("${spring.r2dbc.username:}") String username,
                                                            @Value("${spring.r2dbc.password:}") String password) {
        return new PostgresConnexionChangeListener(ownConnections(url, username, password, null));
    }

    /** Opens connections of their own, outside the pool, to the service's database as its login role. */
    static ConnectionFactory ownConnections(String url, String username, String password, java.time.Duration connectTimeout) {
        ConnectionFactoryOptions.Builder options = ConnectionFactoryOptions.parse(url.replaceFirst("^r2dbc:pool:", "r2dbc:"))
                .mutate();
        if (!username.isBlank()) {
            options.option(ConnectionFactoryOptions.USER, username);
        }
        if (!password.isEmpty()) {
            options.option(ConnectionFactoryOptions.PASSWORD, password);
        }
        if (connectTimeout != null) {
            options.option(ConnectionFactoryOptions.CONNECT_TIMEOUT, connectTimeout);
        }
        return ConnectionFactories.get(options.build());
    }

    @Bean
    WatchConnexionChangesUseCase watchConnexionChangesUseCase(PostgresConnexionChangeListener listener,
                                                              R2dbcConnexionPersistenceAdapter persistence) {
        return new WatchConnexionChangesService(listener, persistence);
    }

    @Bean
    EnsureAdministratorUseCase ensureAdministratorUseCase(R2dbcDirectoryPersistenceAdapter directory) {
        return new EnsureAdministratorService(directory);
    }

    @Bean
    AdministratorBootstrap administratorBootstrap(EnsureAdministratorUseCase ensureAdministrator,
                                                  JwtSettings jwtSettings, Environment environment, Clock clock) {
        return new AdministratorBootstrap(ensureAdministrator, jwtSettings, environment, clock);
    }
}
