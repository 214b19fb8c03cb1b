package fr.presenca.connexion.bootstrap;

import static fr.presenca.connexion.bootstrap.MeteringClient.input;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import fr.presenca.connexion.adapter.in.graphql.engine.ParsedDocumentCache;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;

/**
 * The cache of parsed and validated documents on the booted service: a document sent again is taken from the
 * cache (each test checks it is there before sending it the second time), and is still limited, checked and
 * run with its own variables. Every document text starts with a comment unique to the test run, so that no other
 * test of the shared context has cached it before.
 */
@DisplayName("Cached GraphQL documents: still limited, validated and run with their own variables")
class DocumentCacheTest extends IntegrationTest {

    private static final MediaType GRAPHQL_RESPONSE = MediaType.parseMediaType("application/graphql-response+json");
    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @Autowired
    private ParsedDocumentCache cache;

    private final String token = tokens.authenticated(UUID.randomUUID());

    /** An HTTP answer: its status and JSON body. */
    private record Answer(int status, Map<String, Object> body) {

        @SuppressWarnings("unchecked")
        Map<String, Object> firstError() {
            return ((List<Map<String, Object>>) body.get("errors")).get(0);
        }

        @SuppressWarnings("unchecked")
        Object code() {
            return ((Map<String, Object>) firstError().get("extensions")).get("code");
        }
    }

    private static String unique(String document) {
        return "# " + UUID.randomUUID() + "\n" + document;
    }

    private Answer post(String query, Map<String, Object> variables) {
        Map<String, Object> body = new HashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        var result = http().post().uri("/graphql").contentType(MediaType.APPLICATION_JSON).accept(GRAPHQL_RESPONSE)
                .header("Authorization", "Bearer " + token).bodyValue(body)
                .exchange().expectBody(JSON).returnResult();
        return new Answer(result.getStatus().value(), result.getResponseBody());
    }

    private Answer get(String query) {
        var result = http().get().uri(uri -> uri.path("/graphql").queryParam("query", "{query}").build(query))
                .accept(GRAPHQL_RESPONSE).header("Authorization", "Bearer " + token)
                .exchange().expectBody(JSON).returnResult();
        return new Answer(result.getStatus().value(), result.getResponseBody());
    }

    @Test
    @DisplayName("a document nested too deep is refused with BAD_REQUEST the second time too, from the cache")
    void tooDeepTwice() {
        String deep = unique("{ __schema { types { fields { type " + "{ ofType ".repeat(25) + "{ name }"
                + " }".repeat(25) + " } } } }");
        assertThat(cache.contains(deep)).isFalse();

        Answer first = post(deep, Map.of());
        // Parsing and validation find nothing wrong: the document is cached, the depth limit refused it later.
        assertThat(cache.contains(deep)).isTrue();
        Answer second = post(deep, Map.of());

        for (Answer answer : List.of(first, second)) {
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body().get("data")).isNull();
            assertThat(answer.code()).isEqualTo("BAD_REQUEST");
            // 30 levels deep: measuring stops at the first field beyond the limit, at level 21.
            assertThat((String) answer.firstError().get("message")).isEqualTo("maximum query depth exceeded 21 > 20");
        }
        assertThat(second).isEqualTo(first);
    }

    @Test
    @DisplayName("a document above the complexity limit is refused with BAD_REQUEST the second time too, from the cache")
    void tooComplexTwice() {
        // 350 aliases × 3 fields = 1050 > 1000, at a depth of 2 and in under 16k characters (QueryLimitsTest sends
        // the same with a named fragment). Measuring stops at the first field beyond the limit, and says so.
        String complex = unique("{" + IntStream.range(0, 350)
                .mapToObj(i -> " o" + i + ": organisations { id name }").collect(Collectors.joining())
                + " }");
        assertThat(complex.length()).isLessThan(ParsedDocumentCache.DEFAULT_MAX_QUERY_LENGTH);
        assertThat(cache.contains(complex)).isFalse();

        Answer first = post(complex, Map.of());
        assertThat(cache.contains(complex)).isTrue();
        Answer second = post(complex, Map.of());

        for (Answer answer : List.of(first, second)) {
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body().get("data")).isNull();
            assertThat(answer.code()).isEqualTo("BAD_REQUEST");
            assertThat((String) answer.firstError().get("message"))
                    .isEqualTo("maximum query complexity exceeded 1001 > 1000");
        }
        assertThat(second).isEqualTo(first);
    }

    @Test
    @DisplayName("the same query sent with two connexion ids answers each with its own connexion")
    void sameQueryOtherVariables() {
        Fixtures fixtures = new Fixtures(database);
        UUID admin = fixtures.user(null, true);
        UUID organisation = fixtures.organisation("Cache " + UUID.randomUUID());
        UUID one = fixtures.connexion(organisation, "reseau");
        UUID two = fixtures.connexion(organisation, "reseau_agence");
        String query = unique("query($id: ID!) { connexion(id: $id) { id clientType } }");
        MeteringClient api = new MeteringClient(port);
        String adminToken = tokens.authenticated(admin);

        Map<String, Object> first = api.data(adminToken, query, Map.of("id", one.toString()), "connexion").block();
        assertThat(cache.contains(query)).isTrue();
        Map<String, Object> second = api.data(adminToken, query, Map.of("id", two.toString()), "connexion").block();

        assertThat(first).containsEntry("id", one.toString()).containsEntry("clientType", "RESEAU");
        assertThat(second).containsEntry("id", two.toString()).containsEntry("clientType", "RESEAU_AGENCE");
    }

    @Test
    @DisplayName("authorizeRequest sent twice with other inputs gives each its own answer")
    void authorizeRequestOtherInputs() {
        Fixtures fixtures = new Fixtures(database);
        UUID organisation = fixtures.organisation("Cache Metering " + UUID.randomUUID());
        String member = tokens.authenticated(fixtures.user(organisation, false));
        UUID connexion = fixtures.connexion(organisation, "reseau");
        fixtures.update(connexion, "openai_modeles_autorises = '{gpt-4o-mini}', openai_limite_quotidienne = 5,"
                + " openai_limite_cout_mois = null");
        String document = unique(MeteringClient.AUTHORIZE);
        MeteringClient api = new MeteringClient(port);

        Map<String, Object> allowed = api.data(member, document, Map.of("input", input("connexionId",
                connexion.toString(), "model", "gpt-4o-mini", "idempotencyKey", "cache-1")), "authorizeRequest").block();
        assertThat(cache.contains(document)).isTrue();
        Map<String, Object> denied = api.data(member, document, Map.of("input", input("connexionId",
                connexion.toString(), "model", "gpt-4", "idempotencyKey", "cache-2")), "authorizeRequest").block();

        assertThat(allowed).containsEntry("allowed", true).containsEntry("reason", null)
                .containsEntry("remainingRequests", 4);
        assertThat(allowed.get("reservationId")).isNotNull();
        assertThat(denied).containsEntry("allowed", false).containsEntry("reason", "MODEL_NOT_ALLOWED")
                .containsEntry("reservationId", null).containsEntry("remainingRequests", 4);
    }

    @Test
    @DisplayName("a document asking an unknown field is answered with its validation error every time, and never cached")
    void invalidTwice() {
        String invalid = unique("{ organisations { id nickname } }");

        Answer first = post(invalid, Map.of());
        Answer second = post(invalid, Map.of());

        for (Answer answer : List.of(first, second)) {
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body().get("data")).isNull();
            assertThat(answer.code()).isEqualTo("BAD_REQUEST");
            assertThat((String) answer.firstError().get("message")).contains("nickname");
        }
        assertThat(second).isEqualTo(first);
        assertThat(cache.contains(invalid)).isFalse();
    }

    @Test
    @DisplayName("a query sent with GET goes through the same engine and the same cache")
    void getUsesTheCache() {
        String query = unique("{ organisations { id } }");
        Answer first = get(query);
        assertThat(cache.contains(query)).isTrue();
        Answer second = get(query);
        for (Answer answer : List.of(first, second)) {
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body().get("errors")).isNull();
            assertThat(((Map<?, ?>) answer.body().get("data")).get("organisations")).isInstanceOf(List.class);
        }
    }

    @Test
    @DisplayName("a document above 16k characters is answered but not cached")
    void oversizedNotCached() {
        String big = unique("{ organisations { id } }" + " ".repeat(ParsedDocumentCache.DEFAULT_MAX_QUERY_LENGTH));
        Answer answer = post(big, Map.of());
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("errors")).isNull();
        assertThat(cache.contains(big)).isFalse();
    }
}
