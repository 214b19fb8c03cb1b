package fr.presenca.connexion.bootstrap;

import fr.presenca.connexion.adapter.in.graphql.engine.OperationLimits;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Bounds on what one GraphQL operation may ask, so that a single request cannot make the service work without
 * limit: its depth and its number of fields, measured with every fragment spread expanded (see
 * {@link OperationLimits}); request bodies are capped by {@code spring.http.codecs.max-in-memory-size}.
 * <p>
 * The full introspection query passes without any exemption, and must: GraphiQL sends it. Measured so,
 * graphql-java's {@code IntrospectionQuery} is 13 deep with 189 fields, and GraphiQL's (graphql-js, its type
 * references nesting {@code ofType} 9 levels) about 15 deep with fewer than 250 fields. A depth of 20 allows it and
 * nothing much deeper. Introspection fields are counted like any other: over the schema's lists of types and
 * fields, they fan out as the others do.
 * <p>
 * {@link OperationLimits} also turns off graphql-java's GoodFaithIntrospection check on this engine (its
 * normalisation re-expands fragments at every spread: a document of a thousand characters cost seconds of CPU) and
 * enforces its rules itself: {@code __schema}, {@code __type} and {@code __Type}'s fields, inputFields, interfaces
 * and possibleTypes once each per operation, an introspection operation at most 20 deep with 500 fields.
 */
@Configuration(proxyBeanMethods = false)
class GraphQlProtectionConfiguration {

    @Bean
    OperationLimits operationLimits(@Value("${presenca.graphql.max-depth:20}") int maxDepth,
                                    @Value("${presenca.graphql.max-complexity:1000}") int maxComplexity) {
        return new OperationLimits(maxDepth, maxComplexity);
    }
}
