package fr.presenca.connexion.bootstrap;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How the changelog runs, beyond Spring Boot's Liquibase properties: its own tables' schema prepared first. */
@Configuration(proxyBeanMethods = false)
class MigrationsConfiguration {

    // Static: a post-processor must not need its configuration class, nor anything else, built first.
    @Bean
    static MigrationsSchemaPreparation migrationsSchemaPreparation() {
        return new MigrationsSchemaPreparation();
    }
}
