package fr.presenca.connexion.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/** Authentication of GraphQL requests through the cache of verified tokens, on the booted service. */
@DisplayName("Authentication with a verified token cache")
class VerifiedTokenAuthenticationTest extends IntegrationTest {

    private static final Map<String, String> QUERY = Map.of("query", "{ connexions { pageInfo { hasNextPage } } }");

    @Autowired
    private ReactiveJwtDecoder jwtDecoder;

    private VerifiedTokenCache cache() {
        assertThat(jwtDecoder).isInstanceOf(VerifiedTokenCache.class);
        return (VerifiedTokenCache) jwtDecoder;
    }

    private void expectServed(String token) {
        http().post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .header("Authorization", "Bearer " + token)
                .bodyValue(QUERY).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.data.connexions.pageInfo.hasNextPage").isEqualTo(false);
    }

    private void expectUnauthorized(String token) {
        http().post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .header("Authorization", "Bearer " + token)
                .bodyValue(QUERY).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                // the unread request body must not stall the client's next request on this connection
                .expectHeader().valueEquals("Connection", "close")
                .expectBody()
                .jsonPath("$.data").doesNotExist()
                .jsonPath("$.errors[0].extensions.code").isEqualTo("UNAUTHENTICATED");
    }

    /** The header and payload of {@code token}, signed with another secret: a forgery of the same claims. */
    private static String forged(String token) {
        String signedPart = token.substring(0, token.lastIndexOf('.'));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec("a-forger-secret-that-is-long-enough-0123456789".getBytes(StandardCharsets.UTF_8),
                    "HmacSHA256"));
            byte[] signature = mac.doFinal(signedPart.getBytes(StandardCharsets.US_ASCII));
            return signedPart + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @DisplayName("the same valid token authenticates two requests, the second from the cache")
    void sameTokenTwice() {
        String token = tokens.authenticated(UUID.randomUUID());
        assertThat(cache().contains(token)).isFalse();

        expectServed(token);
        assertThat(cache().contains(token)).isTrue();
        expectServed(token);
    }

    @Test
    @DisplayName("a forged signature on the payload of a cached valid token gets 401")
    void forgedSignatureOfACachedToken() {
        String token = tokens.authenticated(UUID.randomUUID());
        expectServed(token);
        assertThat(cache().contains(token)).isTrue();

        String forgery = forged(token);
        assertThat(forgery).isNotEqualTo(token)
                .startsWith(token.substring(0, token.lastIndexOf('.') + 1));
        expectUnauthorized(forgery);
        assertThat(cache().contains(forgery)).isFalse();

        // The valid token is still served.
        expectServed(token);
    }
}
