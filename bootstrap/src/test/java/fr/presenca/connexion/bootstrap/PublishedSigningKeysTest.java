package fr.presenca.connexion.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Supabase's asymmetric signing keys, published at {@code PRESENCA_JWT_JWKS_URL} (here {@link TestJwks#SHARED}, a
 * real HTTP server), over real GraphQL requests. Each test starts in a time window of its own, later than every
 * earlier one: the key set cached by an earlier test has expired and the refetch limits are open again.
 */
@DisplayName("Authentication with published signing keys (JWKS)")
class PublishedSigningKeysTest extends IntegrationTest {

    private static final Map<String, String> QUERY = Map.of("query", "{ connexions { pageInfo { hasNextPage } } }");
    /** The shared context's settings: the defaults. */
    private static final Duration CACHE_TTL = JwtSettings.DEFAULT_JWKS_CACHE_TTL;
    private static final Duration REFETCH_INTERVAL = JwtSettings.DEFAULT_JWKS_REFETCH_INTERVAL;

    private static Instant nextWindow = Instant.now().plus(Duration.ofDays(1));

    private final TestJwks jwks = TestJwks.SHARED;

    @Autowired
    private ReactiveJwtDecoder jwtDecoder;

    private Fixtures fixtures;

    @BeforeEach
    void startInAWindowOfItsOwn() {
        nextWindow = nextWindow.plus(Duration.ofHours(1));
        clock.set(nextWindow);
        fixtures = new Fixtures(database);
    }

    @AfterEach
    void restore() {
        jwks.publishDefaultKeys();
        jwks.answerWith(200);
        clock.reset();
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
                .expectBody()
                .jsonPath("$.data").doesNotExist()
                .jsonPath("$.errors[0].extensions.code").isEqualTo("UNAUTHENTICATED");
    }

    private List<String> connexionsSeenBy(String token) {
        return connexionsSeenBy(token, Map.of());
    }

    private List<String> connexionsSeenBy(String token, Map<String, Object> filter) {
        return graphQl(token).documentName("connexionPage").variable("filter", filter).variable("first", 100)
                .execute().errors().verify()
                .path("connexions.edges[*].node.id").entityList(String.class).get();
    }

    private List<String> organisationsSeenBy(String token) {
        return graphQl(token).documentName("directory").operationName("organisations")
                .execute().errors().verify()
                .path("organisations[*].id").entityList(String.class).get();
    }

    private static String authenticated(JWK key, UUID user) {
        return TestJwks.token(key, user, "authenticated");
    }

    private static String withClaims(JWK key, Map<String, Object> claims, Duration lifetime) {
        return TestJwks.sign(key, key.getKeyID(), claims, lifetime);
    }

    private static Map<String, Object> member(UUID user) {
        return Map.of("sub", user.toString(), "role", "authenticated");
    }

    /** An HS256 token whose HMAC key is {@code secret}, naming {@code keyId}. */
    private static String hs256(byte[] secret, String keyId, UUID user) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).keyID(keyId)
                .build(), claims(user));
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static JWTClaimsSet claims(UUID user) {
        return new JWTClaimsSet.Builder().subject(user.toString()).claim("role", "authenticated")
                .expirationTime(java.util.Date.from(Instant.now().plus(Duration.ofMinutes(10)))).build();
    }

    private static String pem(byte[] der) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
    }

    /** The header and payload of {@code token} with the signature of {@code signature}, another token. */
    private static String withSignatureOf(String token, String signature) {
        return token.substring(0, token.lastIndexOf('.')) + signature.substring(signature.lastIndexOf('.'));
    }

    @Test
    @DisplayName("ES256 and RS256 tokens are served as their users: each member sees only their organisation's rows")
    void tokensOfBothAlgorithmsAreServedUnderRowLevelSecurity() throws Exception {
        UUID organisationA = fixtures.organisation("A " + UUID.randomUUID());
        UUID organisationB = fixtures.organisation("B " + UUID.randomUUID());
        UUID connexionOfA = fixtures.connexion(organisationA, "reseau");
        UUID connexionOfB = fixtures.connexion(organisationB, "reseau");
        String memberOfA = authenticated(TestJwks.EC_KEY, fixtures.user(organisationA, false));
        String memberOfB = authenticated(TestJwks.RSA_KEY, fixtures.user(organisationB, false));
        assertThat(SignedJWT.parse(memberOfA).getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(SignedJWT.parse(memberOfB).getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);

        assertThat(connexionsSeenBy(memberOfA)).containsExactly(connexionOfA.toString());
        assertThat(organisationsSeenBy(memberOfA)).containsExactly(organisationA.toString());
        assertThat(connexionsSeenBy(memberOfB)).containsExactly(connexionOfB.toString());
        assertThat(organisationsSeenBy(memberOfB)).containsExactly(organisationB.toString());

        // service_role sees every tenant, as in Supabase.
        String serviceRole = TestJwks.token(TestJwks.RSA_KEY, UUID.randomUUID(), "service_role");
        assertThat(connexionsSeenBy(serviceRole, Map.of("organisationId", organisationA.toString())))
                .containsExactly(connexionOfA.toString());
        assertThat(connexionsSeenBy(serviceRole, Map.of("organisationId", organisationB.toString())))
                .containsExactly(connexionOfB.toString());
        // The secret still verifies HS256 tokens beside the published keys.
        assertThat(connexionsSeenBy(tokens.authenticated(fixtures.user(organisationA, false))))
                .containsExactly(connexionOfA.toString());
    }

    @Test
    @DisplayName("unknown kid, wrong signature, alg none and an HS256 token keyed with the public key all get 401")
    void forgeriesAreRefused() throws Exception {
        UUID user = fixtures.user(fixtures.organisation("F " + UUID.randomUUID()), false);
        ECKey unpublished = TestJwks.ecKey("unpublished-" + UUID.randomUUID());
        String valid = authenticated(TestJwks.EC_KEY, user);
        expectServed(valid);

        // A key that is not published, under a kid that is not either.
        expectUnauthorized(authenticated(unpublished, user));
        // Signed by another key under the published kid.
        expectUnauthorized(TestJwks.sign(unpublished, TestJwks.EC_KEY.getKeyID(), member(user), Duration.ofMinutes(10)));
        expectUnauthorized(withSignatureOf(valid, authenticated(unpublished, user)));
        // Signed by the published RSA key with a kid of the EC key, or the other way round: no key fits the header.
        expectUnauthorized(TestJwks.sign(TestJwks.RSA_KEY, TestJwks.EC_KEY.getKeyID(), member(user), Duration.ofMinutes(10)));
        expectUnauthorized(TestJwks.sign(TestJwks.EC_KEY, TestJwks.RSA_KEY.getKeyID(), member(user), Duration.ofMinutes(10)));
        // Without a kid: keys are matched by kid only.
        expectUnauthorized(TestJwks.sign(TestJwks.EC_KEY, null, member(user), Duration.ofMinutes(10)));
        // An all-zero ECDSA signature (CVE-2022-21449 on unpatched JDKs).
        expectUnauthorized(valid.substring(0, valid.lastIndexOf('.') + 1)
                + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[64]));
        // The key carried in the token's own jwk header is never trusted.
        SignedJWT selfSigned = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(unpublished.getKeyID())
                .jwk(unpublished.toPublicJWK()).build(), claims(user));
        selfSigned.sign(new ECDSASigner(unpublished));
        expectUnauthorized(selfSigned.serialize());
        // alg none, with and without a kid.
        expectUnauthorized(new PlainJWT(claims(user)).serialize());
        expectUnauthorized(new PlainJWT(new com.nimbusds.jose.PlainHeader.Builder()
                .customParam("kid", TestJwks.EC_KEY.getKeyID()).build(), claims(user)).serialize());
        // HS256 keyed with the public keys' bytes in every usual form: DER, PEM, their JWK text.
        byte[] ecDer = TestJwks.EC_KEY.toECPublicKey().getEncoded();
        byte[] rsaDer = TestJwks.RSA_KEY.toRSAPublicKey().getEncoded();
        for (JWK key : List.<JWK>of(TestJwks.EC_KEY, TestJwks.RSA_KEY)) {
            byte[] der = key == TestJwks.EC_KEY ? ecDer : rsaDer;
            for (byte[] secret : List.of(der, pem(der).getBytes(StandardCharsets.US_ASCII),
                    key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8))) {
                expectUnauthorized(hs256(secret, key.getKeyID(), user));
            }
        }
        // The valid token is still served.
        expectServed(valid);
    }

    @Test
    @DisplayName("the claims rules are those of HS256 tokens: exp required and not past, sub a user id, a known role")
    void claimsRulesApply() {
        UUID user = UUID.randomUUID();
        expectUnauthorized(withClaims(TestJwks.EC_KEY, member(user), Duration.ofMinutes(-5)));
        expectUnauthorized(withClaims(TestJwks.RSA_KEY, member(user), null));
        expectUnauthorized(withClaims(TestJwks.EC_KEY, Map.of("sub", "not-a-uuid", "role", "authenticated"),
                Duration.ofMinutes(5)));
        expectUnauthorized(withClaims(TestJwks.RSA_KEY, Map.of("sub", user.toString(), "role", "anon"),
                Duration.ofMinutes(5)));
        expectServed(withClaims(TestJwks.RSA_KEY, member(user), Duration.ofMinutes(5)));
    }

    @Test
    @DisplayName("a verified ES256 token is kept by its text; a forged signature on its payload gets 401")
    void verifiedTokensAreCachedByText() {
        VerifiedTokenCache cache = (VerifiedTokenCache) jwtDecoder;
        for (JWK key : List.<JWK>of(TestJwks.EC_KEY, TestJwks.RSA_KEY)) {
            String token = authenticated(key, UUID.randomUUID());
            assertThat(cache.contains(token)).isFalse();
            expectServed(token);
            assertThat(cache.contains(token)).isTrue();

            JWK forger = key instanceof ECKey ? TestJwks.ecKey(key.getKeyID()) : TestJwks.rsaKey(key.getKeyID());
            String forgery = withSignatureOf(token, TestJwks.sign(forger, key.getKeyID(),
                    Map.of("sub", UUID.randomUUID().toString(), "role", "service_role"), Duration.ofMinutes(10)));
            assertThat(forgery).isNotEqualTo(token).startsWith(token.substring(0, token.lastIndexOf('.') + 1));
            expectUnauthorized(forgery);
            assertThat(cache.contains(forgery)).isFalse();
            expectServed(token);
        }
    }

    @Test
    @DisplayName("a key published after start-up signs accepted tokens at once; a withdrawn key's new tokens stop"
            + " when the cached set expires")
    void rotationWithoutRestart() {
        UUID user = UUID.randomUUID();
        expectServed(authenticated(TestJwks.EC_KEY, user));

        ECKey next = TestJwks.ecKey("ec-next-" + UUID.randomUUID());
        String signedByNext = authenticated(next, user);
        jwks.publish(TestJwks.EC_KEY, TestJwks.RSA_KEY, next);
        expectServed(signedByNext);

        // The former key is withdrawn: it still verifies until the cached set expires, then no more.
        jwks.publish(next, TestJwks.RSA_KEY);
        expectServed(authenticated(TestJwks.EC_KEY, user));
        clock.advance(CACHE_TTL.plusSeconds(1));
        expectUnauthorized(authenticated(TestJwks.EC_KEY, user));
        expectServed(authenticated(next, UUID.randomUUID()));
    }

    @Test
    @DisplayName("tokens with made-up kids fetch the key set at most once per refetch interval")
    void unknownKidsAreRateLimited() {
        UUID user = UUID.randomUUID();
        int before = jwks.requests();
        // The set cached by an earlier window has expired: fetched once.
        expectServed(authenticated(TestJwks.EC_KEY, user));
        assertThat(jwks.requests() - before).isEqualTo(1);
        // Still cached, and in a new interval: Nimbus's own limiter alone would allow two fetches again.
        clock.advance(REFETCH_INTERVAL);

        for (int i = 0; i < 25; i++) {
            JWK key = i % 2 == 0 ? TestJwks.EC_KEY : TestJwks.RSA_KEY;
            expectUnauthorized(TestJwks.sign(key, "made-up-" + UUID.randomUUID(), member(user), Duration.ofMinutes(10)));
        }
        assertThat(jwks.requests() - before).as("one refetch for 25 unknown kids").isEqualTo(2);

        // A key published now is not fetched before the interval is over: its kid is one more unknown one.
        ECKey next = TestJwks.ecKey("ec-next-" + UUID.randomUUID());
        jwks.publish(TestJwks.EC_KEY, TestJwks.RSA_KEY, next);
        expectUnauthorized(authenticated(next, user));
        assertThat(jwks.requests() - before).isEqualTo(2);
        // Known kids do not wait: the cached set serves them.
        expectServed(authenticated(TestJwks.RSA_KEY, user));

        clock.advance(REFETCH_INTERVAL);
        expectServed(authenticated(next, user));
        assertThat(jwks.requests() - before).isEqualTo(3);
    }

    @Test
    @DisplayName("while the key set cannot be fetched, ES256 tokens get 503 and HS256 tokens are served; then served again")
    void unreachableKeySet() {
        UUID user = UUID.randomUUID();
        jwks.answerWith(503);
        http().post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .header("Authorization", "Bearer " + authenticated(TestJwks.EC_KEY, user))
                .bodyValue(QUERY).exchange()
                .expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.data").doesNotExist();
        expectServed(tokens.authenticated(user));

        jwks.answerWith(200);
        clock.advance(REFETCH_INTERVAL);
        expectServed(authenticated(TestJwks.EC_KEY, user));
    }
}
