package fr.presenca.connexion.bootstrap;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** Calls the metering API over real HTTP with a bearer token; usable concurrently. */
final class MeteringClient {

    static final String AUTHORIZE = "mutation($input: AuthorizeRequestInput!) { authorizeRequest(input: $input) "
            + "{ allowed reason reservationId remainingRequests remainingBudget expiresAt } }";
    static final String RECORD = "mutation($input: RecordUsageInput!) { recordUsage(input: $input) "
            + "{ id connexionId model inputTokens outputTokens cost reservationId idempotencyKey createdAt createdBy } }";

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    /** Enough connections for the concurrency tests (Reactor Netty's default pool queues only 2 × 16 requests). */
    private static final ConnectionProvider CONNECTIONS = ConnectionProvider.builder("metering-tests")
            .maxConnections(128).pendingAcquireMaxCount(-1).build();

    /**
     * Event loops of the tests' own: closing an application context (a second instance) disposes Reactor Netty's
     * global resources, which would leave every client built on them failing with "event executor terminated".
     */
    private static final reactor.netty.resources.LoopResources LOOPS =
            reactor.netty.resources.LoopResources.create("metering-tests", 2, true);

    private final WebClient web;

    MeteringClient(int port) {
        this.web = WebClient.builder().baseUrl("http://localhost:" + port + "/graphql")
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create(CONNECTIONS).runOn(LOOPS)))
                .build();
    }

    /** The whole GraphQL response: {@code data} and/or {@code errors}. */
    Mono<Map<String, Object>> call(String token, String document, Map<String, Object> variables) {
        return web.post().contentType(MediaType.APPLICATION_JSON)
                .header("Authorization", "Bearer " + token)
                .bodyValue(Map.of("query", document, "variables", variables))
                .retrieve()
                .bodyToMono(JSON)
                .timeout(Duration.ofSeconds(30));
    }

    /**
     * The field's data; fails when the response carries errors. UNAVAILABLE (the connexion busy beyond the lock
     * timeout, the database away) is retried with the same request, hence the same idempotency key, as the README
     * tells clients to: on a loaded machine a hot connexion's queue can outlast the lock timeout.
     */
    Mono<Map<String, Object>> data(String token, String document, Map<String, Object> variables, String field) {
        return call(token, document, variables)
                .flatMap(response -> unavailable(response) ? Mono.<Map<String, Object>>error(new Unavailable())
                        : Mono.just(response))
                .retryWhen(reactor.util.retry.Retry.backoff(10, Duration.ofMillis(100)).filter(Unavailable.class::isInstance))
                .map(response -> {
            if (response.get("errors") != null) {
                throw new AssertionError("GraphQL errors: " + response.get("errors"));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> data = (Map<String, Object>) ((Map<String, Object>) response.get("data")).get(field);
            return data;
        });
    }

    private static final class Unavailable extends RuntimeException {
        Unavailable() {
            super("UNAVAILABLE", null, false, false);
        }
    }

    @SuppressWarnings("unchecked")
    private static boolean unavailable(Map<String, Object> response) {
        Object errors = response.get("errors");
        return errors instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(error ->
                error instanceof Map<?, ?> map && map.get("extensions") instanceof Map<?, ?> extensions
                        && "UNAVAILABLE".equals(extensions.get("code")));
    }

    Mono<Map<String, Object>> authorize(String token, Map<String, Object> input) {
        return data(token, AUTHORIZE, Map.of("input", input), "authorizeRequest");
    }

    Mono<Map<String, Object>> record(String token, Map<String, Object> input) {
        return data(token, RECORD, Map.of("input", input), "recordUsage");
    }

    /** An input map; null values are left out. */
    static Map<String, Object> input(Object... keysAndValues) {
        Map<String, Object> input = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                input.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return input;
    }

    /** The {@code extensions} of the response's only error. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> onlyError(Map<String, Object> response) {
        List<Map<String, Object>> errors = (List<Map<String, Object>>) response.get("errors");
        if (errors == null || errors.size() != 1) {
            throw new AssertionError("expected one error, got " + response);
        }
        Map<String, Object> extensions = new HashMap<>((Map<String, Object>) errors.get(0).get("extensions"));
        extensions.put("message", errors.get(0).get("message"));
        return extensions;
    }
}
