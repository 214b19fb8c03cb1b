package fr.presenca.connexion.adapter.in.graphql;

import graphql.scalars.ExtendedScalars;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

/** Scalars of the schema: DateTime and JSON from graphql-java-extended-scalars, Decimal our own. */
@Configuration(proxyBeanMethods = false)
public class GraphQlAdapterConfiguration {

    @Bean
    RuntimeWiringConfigurer connexionScalars() {
        return wiring -> wiring
                .scalar(ExtendedScalars.DateTime)
                .scalar(ExtendedScalars.Json)
                .scalar(DecimalScalar.INSTANCE);
    }
}
