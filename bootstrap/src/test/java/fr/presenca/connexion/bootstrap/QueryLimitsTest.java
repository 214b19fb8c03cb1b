package fr.presenca.connexion.bootstrap;

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
 * The depth (20) and complexity (1000 fields) limits measured on the operation as it runs, every fragment spread
 * expanded: what graphql-java's own instrumentations let through, as they enter a named fragment only the first
 * time it is spread, is refused. Every document text starts with a comment unique to the test run, so that no
 * other test of the shared context has cached it before.
 */
@DisplayName("Depth and complexity limits, with fragments expanded")
class QueryLimitsTest extends IntegrationTest {

    private static final MediaType GRAPHQL_RESPONSE = MediaType.parseMediaType("application/graphql-response+json");
    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    /** Every field of a connexion: 27. */
    private static final String CONNEXION_FIELDS = " fragment F on Connexion { id organisationId clientType clientId"
            + " hasApiKey apiKeyHint accountEmail openaiOrganisationId openaiProjectId active status activatedAt"
            + " lastSyncAt lastError dailyRequestLimit dailyUsage quotaResetAt allowedModels monthlyCost"
            + " monthlyCostLimit monthlyCostResetAt createdAt createdBy updatedAt updatedBy auditLog extensions }";

    /**
     * A page's info, 2 fields: {@code aN: pageInfo { ...P }} is 3. Many of them under one {@code connexions} make
     * many fields for a single database query. ({@code __schema} cannot be repeated instead: an introspection
     * that asks for it twice is refused, see {@link IntrospectionLimitsTest}.)
     */
    private static final String PAGE_INFO = " fragment P on PageInfo { hasNextPage endCursor }";

    /**
     * Type references nesting deeper with each fragment, each spreading the one before twice, once at its top: T is
     * 5 levels deep, U 9, V 13, W 17, X 21. graphql-java's depth instrumentation enters each of them only at its
     * first spread, and sees 7 levels in {@code __schema { types { ...X } } }.
     */
    private static final String TYPE_REFS_TO_W = " fragment T on __Type { ofType { ofType { ofType { ofType { name } } } } }"
            + nesting("U", "T") + nesting("V", "U") + nesting("W", "V");

    @Autowired
    private ParsedDocumentCache cache;

    private final String token = tokens.authenticated(UUID.randomUUID());

    private static String nesting(String name, String inner) {
        return " fragment " + name + " on __Type { ..." + inner + " ofType { ofType { ofType { ofType { ..." + inner
                + " } } } } }";
    }

    private static String aliases(int count, String selection) {
        return IntStream.range(0, count).mapToObj(i -> " a" + i + ": " + selection).collect(Collectors.joining());
    }

    private static String unique(String document) {
        return "# " + UUID.randomUUID() + "\n" + document;
    }

    /** An HTTP answer: its status and JSON body. */
    private record Answer(int status, Map<String, Object> body) {

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> errors() {
            return (List<Map<String, Object>>) body.get("errors");
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> data() {
            return (Map<String, Object>) body.get("data");
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

        /** Asserts the answer of an operation that ran: 200 and no error. */
        void assertRan() {
            assertThat(status).isEqualTo(200);
            assertThat(errors()).isNull();
            assertThat(data()).isNotNull();
        }
    }

    private Answer post(String bearer, String query, Map<String, Object> variables) {
        Map<String, Object> body = new HashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        var result = http().post().uri("/graphql").contentType(MediaType.APPLICATION_JSON).accept(GRAPHQL_RESPONSE)
                .header("Authorization", "Bearer " + bearer).bodyValue(body)
                .exchange().expectBody(JSON).returnResult();
        return new Answer(result.getStatus().value(), result.getResponseBody());
    }

    private Answer post(String query, Map<String, Object> variables) {
        return post(token, query, variables);
    }

    private Answer post(String query) {
        return post(token, query, Map.of());
    }

    @Test
    @DisplayName("40 aliases each spreading a fragment of a connexion's 27 fields (1200 fields) are refused")
    void aliasesOfOneFragment() {
        post(unique("{" + aliases(40, "connexions { edges { node { ...F } } }") + " }" + CONNEXION_FIELDS))
                .assertRefused("maximum query complexity exceeded 1001 > 1000");
    }

    @Test
    @DisplayName("a depth reached through nested fragment spreads (23) is refused; 20 so reached passes")
    void depthThroughNestedSpreads() {
        post(unique("{ __schema { types { ...X } } }" + TYPE_REFS_TO_W + nesting("X", "W")))
                .assertRefused("maximum query depth exceeded 21 > 20");

        post(unique("{ __schema { types { ofType { ...W } } } }" + TYPE_REFS_TO_W)).assertRan();
    }

    @Test
    @DisplayName("one fragment spread under 350 aliases (1050 fields) is refused, the second time from the cache too")
    void sameFragmentManyTimesTwice() {
        String document = unique("{" + aliases(350, "organisations { ...O }") + " } fragment O on Organisation { id name }");
        assertThat(document.length()).isLessThan(ParsedDocumentCache.DEFAULT_MAX_QUERY_LENGTH);
        assertThat(cache.contains(document)).isFalse();

        Answer first = post(document);
        assertThat(cache.contains(document)).isTrue();
        Answer second = post(document);

        first.assertRefused("maximum query complexity exceeded 1001 > 1000");
        second.assertRefused("maximum query complexity exceeded 1001 > 1000");
    }

    @Test
    @DisplayName("exactly 1000 fields through fragments pass; one more is refused")
    void atTheComplexityLimit() {
        // 1 + 333 × 3 = 1000.
        String pages = " connexions(first: 0) {" + aliases(333, "pageInfo { ...P }") + " }";
        Answer atLimit = post(unique("{" + pages + " }" + PAGE_INFO));
        atLimit.assertRan();
        assertThat(atLimit.data().get("connexions")).isInstanceOfSatisfying(Map.class, connexions -> {
            assertThat(connexions).hasSize(333);
            assertThat(connexions.get("a332")).isInstanceOfSatisfying(Map.class,
                    pageInfo -> assertThat(pageInfo.get("hasNextPage")).isEqualTo(false));
        });

        post(unique("{ __typename" + pages + " }" + PAGE_INFO))
                .assertRefused("maximum query complexity exceeded 1001 > 1000");
    }

    @Test
    @DisplayName("a realistic query with fragments runs")
    void realisticQueryWithFragments() {
        Fixtures fixtures = new Fixtures(database);
        UUID organisation = fixtures.organisation("Limits " + UUID.randomUUID());
        UUID connexion = fixtures.connexion(organisation, "reseau");
        String member = tokens.authenticated(fixtures.user(organisation, false));
        String query = unique("""
                query Dashboard($first: Int, $id: ID!) {
                  organisations { ...Org }
                  connexions(first: $first) { edges { cursor node { ...Summary } } pageInfo { hasNextPage endCursor } }
                  watched: connexion(id: $id) { ...Summary auditLog }
                }
                fragment Org on Organisation { id name }
                fragment Summary on Connexion {
                  id organisationId clientType status active dailyUsage dailyRequestLimit monthlyCost monthlyCostLimit
                  allowedModels updatedAt
                }""");

        Answer answer = post(member, query, Map.of("first", 20, "id", connexion.toString()));

        answer.assertRan();
        assertThat(answer.data().get("organisations")).isInstanceOf(List.class);
        assertThat(answer.data().get("connexions")).isInstanceOf(Map.class);
        assertThat(answer.data().get("watched")).isInstanceOfSatisfying(Map.class,
                watched -> assertThat(watched.get("id")).isEqualTo(connexion.toString()));
    }

    @Test
    @DisplayName("a branch skipped by @skip or @include is not counted, decided with each request's variables")
    void skippedBranchNotCounted() {
        // 1 + 400 × 3 = 1201 fields in the conditional branch.
        String huge = " connexions {" + aliases(400, "pageInfo { ...P }") + " }";
        post(unique("{ __typename ... @skip(if: true) {" + huge + " } }" + PAGE_INFO)).assertRan();

        String document = unique("query($huge: Boolean!) { __typename ... @include(if: $huge) {" + huge + " } }"
                + PAGE_INFO);
        Answer left = post(document, Map.of("huge", false));
        assertThat(cache.contains(document)).isTrue();
        Answer included = post(document, Map.of("huge", true));

        left.assertRan();
        assertThat(left.data()).isEqualTo(Map.of("__typename", "Query"));
        included.assertRefused("maximum query complexity exceeded 1001 > 1000");
    }
}
