package fr.presenca.connexion.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * CORS as a browser does it, against {@link IntegrationTest#ALLOWED_ORIGINS}: the preflight, the real request, and
 * the WebSocket handshake, from allowed and refused origins.
 */
@DisplayName("Browser front-ends on other origins")
class CrossOriginTest extends IntegrationTest {

    private static final String QUERY = "{ modelPrices { model } }";
    private static final List<String> REQUESTED_HEADERS =
            List.of("authorization", "content-type", "x-presenca-connexion", "idempotency-key");

    private String member;

    @BeforeEach
    void setUp() {
        Fixtures fixtures = new Fixtures(database);
        member = tokens.authenticated(fixtures.user(fixtures.organisation("Réseau Navigateur " + UUID.randomUUID()), false));
    }

    private WebTestClient.ResponseSpec preflight(String path, String origin, String method) {
        return http().options().uri(path)
                .header(HttpHeaders.ORIGIN, origin)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, method)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, String.join(",", REQUESTED_HEADERS))
                .exchange();
    }

    private WebTestClient.ResponseSpec post(String origin) {
        return http().post().uri("/graphql").header(HttpHeaders.ORIGIN, origin)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + member)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("query", QUERY))
                .exchange();
    }

    @Nested
    @DisplayName("an allowed origin")
    class Allowed {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"https://app.lovable.dev", "https://preview-42.lovable.app"})
        @DisplayName("gets its preflight answered with the contract's headers, and its POST /graphql answered and readable")
        void preflightAndPost(String origin) {
            preflight("/graphql", origin, "POST").expectStatus().isOk()
                    .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                    .expectHeader().value(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, methods -> assertThat(methods).contains("POST"))
                    .expectHeader().values(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, allowed ->
                            assertThat(String.join(",", allowed).toLowerCase().split("\\s*,\\s*"))
                                    .containsExactlyInAnyOrderElementsOf(REQUESTED_HEADERS))
                    .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS);

            post(origin).expectStatus().isOk()
                    .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                    .expectHeader().values(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, exposed ->
                            assertThat(String.join(",", exposed).split("\\s*,\\s*")).containsExactlyInAnyOrder(
                                    "x-presenca-reservation-id", "x-presenca-remaining-requests",
                                    "x-presenca-remaining-budget"))
                    .expectBody().jsonPath("$.errors").doesNotExist()
                    .jsonPath("$.data.modelPrices").isNotEmpty();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"/openai/v1/models", "/openai/v1/chat/completions"})
        @DisplayName("gets its preflight answered on the gateway's paths too")
        void gatewayPaths(String path) {
            preflight(path, "https://app.lovable.dev", "POST").expectStatus().isOk()
                    .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://app.lovable.dev");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"https://app.lovable.dev", "http://127.0.0.1:4173"})
        @DisplayName("opens the subscription WebSocket and gets connection_ack")
        void webSocket(String origin) throws Exception {
            GraphQlSocket socket = GraphQlSocket.open(port, origin).get(20, TimeUnit.SECONDS);
            try {
                socket.send(GraphQlSocket.connectionInit(member));
                assertThat(socket.next(Duration.ofSeconds(20))).containsEntry("type", "connection_ack");
            } finally {
                socket.abort();
            }
        }
    }

    @Nested
    @DisplayName("a refused origin")
    class Refused {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"https://evil.example", "https://lovable.app.evil.example", "http://app.lovable.dev",
                "http://localhost:4173"})
        @DisplayName("gets 403 on the preflight and on the POST, with no CORS header, and nothing runs")
        void preflightAndPost(String origin) {
            preflight("/graphql", origin, "POST").expectStatus().isForbidden()
                    .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
            preflight("/openai/v1/models", origin, "GET").expectStatus().isForbidden()
                    .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
            post(origin).expectStatus().isForbidden()
                    .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)
                    .expectBody().isEmpty();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"https://evil.example", "http://localhost:4173"})
        @DisplayName("cannot open the subscription WebSocket (403 on the handshake)")
        void webSocket(String origin) {
            CompletableFuture<GraphQlSocket> opening = GraphQlSocket.open(port, origin);
            assertThat(opening).failsWithin(Duration.ofSeconds(20)).withThrowableThat()
                    .havingCause().isInstanceOf(WebSocketHandshakeException.class)
                    .satisfies(error -> assertThat(((WebSocketHandshakeException) error).getResponse().statusCode())
                            .isEqualTo(403));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"PUT", "DELETE"})
        @DisplayName("a preflight for another method than GET or POST is refused, even from an allowed origin")
        void otherMethods(String method) {
            preflight("/graphql", "https://app.lovable.dev", method).expectStatus().isForbidden();
        }
    }
}
