package fr.presenca.connexion.bootstrap;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * GraphQL over HTTP as a client of the GraphQL-over-HTTP specification sees it: it asks for
 * {@code application/graphql-response+json} and reads the status as well as the body.
 */
final class GraphQlHttp {

    static final MediaType GRAPHQL_RESPONSE = MediaType.parseMediaType("application/graphql-response+json");

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };
    private static final ConnectionProvider CONNECTIONS = ConnectionProvider.builder("graphql-http-tests")
            .maxConnections(64).pendingAcquireMaxCount(-1).build();

    /** One answer: HTTP status, media type and the GraphQL response. */
    record Answer(int status, MediaType contentType, Map<String, Object> body) {

        /** The {@code extensions.code} of each error, in order. */
        @SuppressWarnings("unchecked")
        List<Object> codes() {
            List<Map<String, Object>> errors = (List<Map<String, Object>>) body.get("errors");
            return errors == null ? List.of()
                    : errors.stream().map(error -> ((Map<String, Object>) error.get("extensions")).get("code")).toList();
        }

        /** The field's data, or null. */
        @SuppressWarnings("unchecked")
        Map<String, Object> data(String field) {
            Map<String, Object> data = (Map<String, Object>) body.get("data");
            return data == null ? null : (Map<String, Object>) data.get(field);
        }
    }

    private final WebClient web;

    GraphQlHttp(int port) {
        this.web = WebClient.builder().baseUrl("http://localhost:" + port)
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create(CONNECTIONS)))
                .build();
    }

    Mono<Answer> post(String token, String document, Map<String, Object> variables) {
        return web.post().uri("/graphql").contentType(MediaType.APPLICATION_JSON).accept(GRAPHQL_RESPONSE)
                .header("Authorization", "Bearer " + token)
                .bodyValue(Map.of("query", document, "variables", variables))
                .exchangeToMono(response -> response.bodyToMono(JSON).map(body ->
                        new Answer(response.statusCode().value(), response.headers().contentType().orElse(null), body)))
                .timeout(Duration.ofSeconds(60));
    }

    /** GET /actuator/health: status and body. */
    Mono<Answer> health() {
        return web.get().uri("/actuator/health")
                .exchangeToMono(response -> response.bodyToMono(JSON).map(body ->
                        new Answer(response.statusCode().value(), response.headers().contentType().orElse(null), body)))
                .timeout(Duration.ofSeconds(60));
    }
}
