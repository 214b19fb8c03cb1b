package fr.presenca.connexion.bootstrap;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

@DisplayName("Authentication of GraphQL requests")
class AuthenticationTest extends IntegrationTest {

    private static final Map<String, String> QUERY = Map.of("query", "{ connexions { pageInfo { hasNextPage } } }");

    private void expectUnauthorized(String authorization) {
        var request = http().post().uri("/graphql").contentType(MediaType.APPLICATION_JSON);
        if (authorization != null) {
            request = request.header("Authorization", authorization);
        }
        request.bodyValue(QUERY).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().value("WWW-Authenticate", value -> org.assertj.core.api.Assertions.assertThat(value).startsWith("Bearer"))
                .expectBody()
                .jsonPath("$.data").doesNotExist()
                .jsonPath("$.errors[0].extensions.code").isEqualTo("UNAUTHENTICATED");
    }

    @Test
    @DisplayName("a request without a token gets 401")
    void missingToken() {
        expectUnauthorized(null);
    }

    @Test
    @DisplayName("a malformed token gets 401")
    void malformedToken() {
        expectUnauthorized("Bearer not.a.jwt");
    }

    @Test
    @DisplayName("a token signed with another secret gets 401")
    void wronglySigned() {
        expectUnauthorized("Bearer " + tokens.signedWith("another-secret-that-is-long-enough-0123456789", UUID.randomUUID()));
    }

    @Test
    @DisplayName("an expired token gets 401")
    void expired() {
        expectUnauthorized("Bearer " + tokens.expired(UUID.randomUUID()));
    }

    @Test
    @DisplayName("a token without exp gets 401")
    void withoutExpiry() {
        expectUnauthorized("Bearer " + tokens.withClaims(Map.of("sub", UUID.randomUUID().toString(),
                "role", "authenticated"), null));
    }

    @Test
    @DisplayName("a token with an unknown role gets 401")
    void unknownRole() {
        expectUnauthorized("Bearer " + tokens.withClaims(Map.of("sub", UUID.randomUUID().toString(),
                "role", "anon"), Duration.ofMinutes(5)));
    }

    @Test
    @DisplayName("a valid token is served")
    void validToken() {
        http().post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .header("Authorization", "Bearer " + tokens.authenticated(UUID.randomUUID()))
                .bodyValue(QUERY).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.data.connexions.pageInfo.hasNextPage").isEqualTo(false);
    }

    @Test
    @DisplayName("health answers UP without a token once the database is reachable and migrated")
    void health() {
        http().get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody().json("{\"status\":\"UP\"}", org.springframework.test.json.JsonCompareMode.STRICT);
        Long tables = database.sql("select count(*) from information_schema.tables where table_name = 'openai_connexion'")
                .map(row -> row.get(0, Long.class)).one().block();
        org.assertj.core.api.Assertions.assertThat(tables).isEqualTo(1L);
    }
}
