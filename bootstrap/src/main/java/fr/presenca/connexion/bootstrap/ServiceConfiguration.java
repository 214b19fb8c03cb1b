package fr.presenca.connexion.bootstrap;

import java.time.Clock;

import fr.presenca.connexion.adapter.out.persistence.R2dbcConnexionPersistenceAdapter;
import fr.presenca.connexion.adapter.out.persistence.R2dbcDirectoryPersistenceAdapter;
import fr.presenca.connexion.application.port.in.EnsureAdministratorUseCase;
import fr.presenca.connexion.application.port.in.FindConnexionUseCase;
import fr.presenca.connexion.application.port.in.ListConnexionsUseCase;
import fr.presenca.connexion.application.service.EnsureAdministratorService;
import fr.presenca.connexion.application.service.FindConnexionService;
import fr.presenca.connexion.application.service.ListConnexionsService;
import io.r2dbc.spi.ConnectionFactory;
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

    @Bean
    R2dbcConnexionPersistenceAdapter connexionPersistence(DatabaseClient database, TransactionalOperator transactions) {
        return new R2dbcConnexionPersistenceAdapter(database, transactions);
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
    EnsureAdministratorUseCase ensureAdministratorUseCase(R2dbcDirectoryPersistenceAdapter directory) {
        return new EnsureAdministratorService(directory);
    }

    @Bean
    AdministratorBootstrap administratorBootstrap(EnsureAdministratorUseCase ensureAdministrator,
                                                  JwtSettings jwtSettings, Environment environment, Clock clock) {
        return new AdministratorBootstrap(ensureAdministrator, jwtSettings, environment, clock);
    }
}
