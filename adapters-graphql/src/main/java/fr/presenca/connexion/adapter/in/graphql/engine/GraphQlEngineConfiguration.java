package fr.presenca.connexion.adapter.in.graphql.engine;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webflux.GraphQlHttpHandler;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The GraphQL engine's HTTP set-up: POST and GET routes and the cache of parsed documents. */
@Configuration(proxyBeanMethods = false)
public class GraphQlEngineConfiguration {

    /** POST /graphql, Spring's handler with HTTP 503 for UNAVAILABLE (replaces Spring Boot's own handler). */
    @Bean
    GraphQlHttpHandler graphQlHttpHandler(WebGraphQlHandler webGraphQlHandler) {
        return new UnavailableStatusHttpHandler(webGraphQlHandler);
    }

    /** GET /graphql for queries; ordered first, as Spring Boot's own route answers GET with 405. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    RouterFunction<ServerResponse> graphQlGetRoute(WebGraphQlHandler webGraphQlHandler,
                                                   @Value("${spring.graphql.http.path:/graphql}") String path) {
        GraphQlGetHandler handler = new GraphQlGetHandler(webGraphQlHandler);
        return RouterFunctions.route()
                .GET(path, request -> !request.headers().header("Upgrade").contains("websocket"), handler::handleGet)
                .build();
    }

    /**
     * Parsed and validated documents, kept by text ({@code presenca.graphql.document-cache-size} of them; 0
     * parses every request). Both POST and GET reach the engine through the same {@link WebGraphQlHandler}.
     */
    @Bean
    ParsedDocumentCache parsedDocumentCache(@Value("${presenca.graphql.document-cache-size:1000}") int size) {
        return new ParsedDocumentCache(size, ParsedDocumentCache.DEFAULT_MAX_QUERY_LENGTH);
    }

    @Bean
    GraphQlSourceBuilderCustomizer parsedDocumentCacheOnEngine(ParsedDocumentCache parsedDocumentCache) {
        return builder -> builder.configureGraphQl(graphQl -> graphQl.preparsedDocumentProvider(parsedDocumentCache));
    }
}
