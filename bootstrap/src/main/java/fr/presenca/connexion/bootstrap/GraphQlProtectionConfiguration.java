package fr.presenca.connexion.bootstrap;

import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Bounds on what one GraphQL document may ask, so that a single request cannot make the service work without
 * limit. The depth allows the full introspection query GraphiQL sends (its type references nest ofType
 * several levels deep) and nothing much deeper; request bodies are capped by
 * {@code spring.http.codecs.max-in-memory-size}.
 */
@Configuration(proxyBeanMethods = false)
class GraphQlProtectionConfiguration {

    @Bean
    MaxQueryDepthInstrumentation maxQueryDepth(@Value("${presenca.graphql.max-depth:20}") int maxDepth) {
        return new MaxQueryDepthInstrumentation(maxDepth);
    }

    @Bean
    MaxQueryComplexityInstrumentation maxQueryComplexity(
            @Value("${presenca.graphql.max-complexity:1000}") int maxComplexity) {
        return new MaxQueryComplexityInstrumentation(maxComplexity);
    }
}
