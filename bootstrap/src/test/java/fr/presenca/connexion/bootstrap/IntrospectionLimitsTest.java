package fr.presenca.connexion.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.graphql.client.ClientGraphQlResponse;
import org.springframework.graphql.client.WebSocketGraphQlClient;
import org.springframework.graphql.client.WebSocketGraphQlClientInterceptor;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.publisher.Mono;

/**
 * graphql-java's GoodFaithIntrospection is off (it normalised introspection operations by re-expanding every
 * fragment at every spread: seconds of CPU for a document of a thousand characters); its rules are enforced by
 * OperationLimits instead, answered BAD_REQUEST like the other limits, on POST, GET and WebSocket alike. Every
 * document text starts with a comment unique to the test run, so that no other test has cached it before.
 */
@DisplayName("Introspection in good faith, enforced by the operation limits")
class IntrospectionLimitsTest extends IntegrationTest {

    private static final MediaType GRAPHQL_RESPONSE = MediaType.parseMediaType("application/graphql-response+json");
    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    private static final String FIELDS_TWICE = "{ __schema { types { fields { name } ofType { fields { name } } } } }";
    private static final String FIELDS_TWICE_MESSAGE = "introspection field __Type.fields may appear only once per operation";

    private final String token = tokens.authenticated(UUID.randomUUID());

    private static String unique(String document) {
        return "# " + UUID.randomUUID() + "\n" + document;
    }

    /**
     * Fragments F0..F6, each selecting {@code ofType} with ten spreads of the next one (and {@code before} first),
     * under {@code __schema { types { ...F0 } } }: 10^7 spreads, 10 levels, 10 fields as the engine runs it.
     */
    private static String bomb(String before) {
        StringBuilder bomb = new StringBuilder("{ __schema { types { ...F0 } } }");
        for (int i = 0; i < 7; i++) {
            bomb.append(" fragment F").append(i).append(" on __Type { ").append(before).append(" ofType {")
                    .append((" ...F" + (i + 1)).repeat(10)).append(" } }");
        }
        return unique(bomb.append(" fragment F7 on __Type { name }").toString());
    }

    /** An HTTP answer: its status and JSON body. */
    private record Answer(int status, Map<String, Object> body) {

        static Answer of(EntityExchangeResult<Map<String, Object>> result) {
            return new Answer(result.getStatus().value(), result.getResponseBody());
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> errors() {
            return (List<Map<String, Object>>) body.get("errors");
        }

        /** Asserts the answer of a refused operation: 400, no data, one BAD_REQUEST error with this message. */
        void assertRefused(String message) {
            assertThat(status).isEqualTo(400);
            assertThat(body.get("data")).isNull();
            assertThat(errors()).singleElement().satisfies(error -> {
                assertThat(error.get("message")).isEqualTo(message);
                assertThat(error.get("extensions")).isInstanceOfSatisfying(Map.class,
                        extensions -> assertThat(extensions.get("code")).isEqualTo("BAD_REQUEST"));
            });
        }
    }

    private Answer post(String query) {
        return Answer.of(http().post().uri("/graphql").contentType(MediaType.APPLICATION_JSON).accept(GRAPHQL_RESPONSE)
                .header("Authorization", "Bearer " + token).bodyValue(Map.of("query", query))
                .exchange().expectBody(JSON).returnResult());
    }

    private Answer get(String query) {
        return Answer.of(http().get().uri(uri -> uri.path("/graphql").queryParam("query", "{query}").build(query))
                .accept(GRAPHQL_RESPONSE).header("Authorization", "Bearer " + token)
                .exchange().expectBody(JSON).returnResult());
    }

    @Test
    @DisplayName("__Type.fields twice is refused with BAD_REQUEST, not INTERNAL, over POST and GET")
    void fieldsTwiceRefused() {
        post(unique(FIELDS_TWICE)).assertRefused(FIELDS_TWICE_MESSAGE);
        get(unique(FIELDS_TWICE)).assertRefused(FIELDS_TWICE_MESSAGE);
        post(unique("{ a: __schema { queryType { name } } b: __schema { queryType { name } } }"))
                .assertRefused("introspection field Query.__schema may appear only once per operation");
    }

    @Test
    @DisplayName("__Type.fields twice is refused with BAD_REQUEST over WebSocket too")
    void fieldsTwiceRefusedOverWebSocket() {
        WebSocketGraphQlClient client = WebSocketGraphQlClient.builder("ws://localhost:" + port + "/graphql",
                        new ReactorNettyWebSocketClient())
                .interceptor(new WebSocketGraphQlClientInterceptor() {
                    @Override
                    public Mono<Object> connectionInitPayload() {
                        return Mono.just(Map.of("Authorization", "Bearer " + token));
                    }
                })
                .build();
        try {
            ClientGraphQlResponse answer = client.document(unique(FIELDS_TWICE)).execute()
                    .block(Duration.ofSeconds(20));
            assertThat(answer).isNotNull();
            assertThat(answer.isValid()).isFalse();
            assertThat(answer.getErrors()).singleElement().satisfies(error -> {
                assertThat(error.getMessage()).isEqualTo(FIELDS_TWICE_MESSAGE);
                assertThat(error.getExtensions()).containsEntry("code", "BAD_REQUEST");
            });
        } finally {
            client.stop().block(Duration.ofSeconds(5));
        }
    }

    @Test
    @DisplayName("the ofType fragment bomb selecting __Type.fields on every level is refused with BAD_REQUEST")
    void bombWithFieldsRefused() {
        String bomb = bomb("fields { name }");
        post(bomb).assertRefused(FIELDS_TWICE_MESSAGE);
        get(bomb).assertRefused(FIELDS_TWICE_MESSAGE);
    }

    @Test
    @DisplayName("the ofType fragment bomb alone breaks no rule: it runs as the engine runs it, each fragment once")
    void bombRuns() {
        Answer answer = post(bomb(""));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.errors()).isNull();
        assertThat(answer.body().get("data")).isInstanceOfSatisfying(Map.class, data -> assertThat(data.get("__schema"))
                .isInstanceOfSatisfying(Map.class, schema -> assertThat(schema.get("types")).isInstanceOf(List.class)));
    }

    @Test
    @DisplayName("an introspection operation above graphql-java's 500 fields is refused; the full introspection query runs")
    void introspectionBounded() {
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < 499; i++) {
            names.append(" n").append(i).append(": name");
        }
        post(unique("{ __schema { types {" + names + " } } }"))
                .assertRefused("maximum introspection query complexity exceeded 501 > 500");

        Answer full = post(unique(graphql.introspection.IntrospectionQuery.INTROSPECTION_QUERY));
        assertThat(full.status()).isEqualTo(200);
        assertThat(full.errors()).isNull();
    }
}
