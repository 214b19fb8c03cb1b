package fr.presenca.connexion.adapter.in.graphql;

import graphql.scalars.ExtendedScalars;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

/**
 * The schema's set-up: its scalars (DateTime and JSON from graphql-java-extended-scalars, Decimal our own) and the
 * check that every field has a data fetcher. The engine's own set-up is in the {@code engine} package.
 */
@Configuration(proxyBeanMethods = false)
public class GraphQlAdapterConfiguration {

    /**
     * Refuses to start when a schema field or argument has no data fetcher behind it: a contract field that
     * would always answer null must fail the build's tests, not a client.
     */
    @Bean
    GraphQlSourceBuilderCustomizer schemaMappingsAreComplete() {
        return builder -> builder.inspectSchemaMappings(report -> {
            if (!report.unmappedFields().isEmpty() || !report.unmappedArguments().isEmpty()) {
                throw new IllegalStateException("GraphQL schema not fully mapped: fields " + report.unmappedFields()
                        + ", arguments " + report.unmappedArguments());
            }
        });
    }

    @Bean
    RuntimeWiringConfigurer connexionScalars() {
        return wiring -> wiring
                .scalar(ExtendedScalars.DateTime)
                .scalar(ExtendedScalars.Json)
                .scalar(ExtendedScalars.Date)
                .scalar(ExtendedScalars.GraphQLLong)
                .scalar(DecimalScalar.INSTANCE);
    }
}
