package fr.presenca.connexion.bootstrap;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What an operator sees: the one-line schema summary at start-up and health going DOWN at shutdown. */
@Configuration(proxyBeanMethods = false)
class OperationsConfiguration {

    @Bean
    static LiquibaseSummary liquibaseSummary() {
        return new LiquibaseSummary();
    }

    @Bean
    ShutdownHealth shutdownHealth(ApplicationAvailability availability) {
        return new ShutdownHealth(availability);
    }
}
