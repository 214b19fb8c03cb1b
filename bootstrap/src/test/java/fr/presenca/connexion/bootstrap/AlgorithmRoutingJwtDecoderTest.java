package fr.presenca.connexion.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Which verifier the {@code alg} header reaches, for each configuration: secret alone, published keys alone, both.
 * The keys are served by a JWKS endpoint of its own on a real local HTTP server.
 */
@DisplayName("The algorithm routing decoder")
class AlgorithmRoutingJwtDecoderTest {

    private static final String SECRET = "routing-test-secret-that-is-long-enough-0123456789";

    private final TestJwks jwks = TestJwks.start();

    @AfterEach
    void stopServer() {
        jwks.stop();
    }

    private JwtSettings.Jwks published() {
        return new JwtSettings.Jwks(URI.create(jwks.url()), Duration.ofMinutes(10), Duration.ofSeconds(30));
    }

    private AlgorithmRoutingJwtDecoder decoder(String secret, JwtSettings.Jwks keys) {
        return AlgorithmRoutingJwtDecoder.of(JwtSettings.configured(secret, keys), Clock.systemUTC());
    }

    private static Throwable refusal(AlgorithmRoutingJwtDecoder decoder, String token) {
        return catchThrowable(() -> decoder.decode(token).block());
    }

    private static JWTClaimsSet claims() {
        return new JWTClaimsSet.Builder().subject(UUID.randomUUID().toString()).claim("role", "authenticated")
                .expirationTime(java.util.Date.from(java.time.Instant.now().plus(Duration.ofMinutes(10)))).build();
    }

    private static String signed(JWSAlgorithm algorithm, String keyId, com.nimbusds.jose.JWSSigner signer) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(keyId).build(), claims());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    @Test
    @DisplayName("published keys alone: ES256 and RS256 verify, HS256 is an unsupported algorithm whatever its key")
    void publishedKeysAlone() {
        AlgorithmRoutingJwtDecoder decoder = decoder(null, published());
        Jwt jwt = decoder.decode(TestJwks.token(TestJwks.EC_KEY, UUID.randomUUID(), "authenticated")).block();
        assertThat(jwt.getHeaders()).containsEntry("alg", "ES256");
        assertThat(decoder.decode(TestJwks.token(TestJwks.RSA_KEY, UUID.randomUUID(), "authenticated")).block()
                .getHeaders()).containsEntry("alg", "RS256");

        assertThat(refusal(decoder, Tokens.sign(SECRET, Map.of("sub", UUID.randomUUID().toString(),
                "role", "authenticated"), Duration.ofMinutes(10))))
                .isInstanceOf(BadJwtException.class).hasMessage("Unsupported algorithm of HS256");
    }

    @Test
    @DisplayName("a secret alone: HS256 verifies, ES256 and RS256 are unsupported and no key set is fetched")
    void secretAlone() {
        AlgorithmRoutingJwtDecoder decoder = decoder(SECRET, null);
        assertThat(decoder.decode(new Tokens(SECRET).authenticated(UUID.randomUUID())).block().getHeaders())
                .containsEntry("alg", "HS256");
        assertThat(refusal(decoder, TestJwks.token(TestJwks.EC_KEY, UUID.randomUUID(), "authenticated")))
                .isInstanceOf(BadJwtException.class).hasMessage("Unsupported algorithm of ES256");
        assertThat(refusal(decoder, TestJwks.token(TestJwks.RSA_KEY, UUID.randomUUID(), "authenticated")))
                .isInstanceOf(BadJwtException.class).hasMessage("Unsupported algorithm of RS256");
        assertThat(jwks.requests()).isZero();
    }

    @Test
    @DisplayName("both: every other algorithm, even with a published key of its family, and encrypted tokens are refused")
    void onlyTheAllowList() throws Exception {
        AlgorithmRoutingJwtDecoder decoder = decoder(SECRET, published());
        ECKey p384 = new ECKeyGenerator(Curve.P_384).keyID(TestJwks.EC_KEY.getKeyID()).generate();
        String[] refused = {
                signed(JWSAlgorithm.HS512, null, new MACSigner((SECRET + SECRET).getBytes())),
                signed(JWSAlgorithm.HS384, null, new MACSigner((SECRET + SECRET).getBytes())),
                signed(JWSAlgorithm.ES384, p384.getKeyID(), new ECDSASigner(p384)),
                signed(JWSAlgorithm.RS512, TestJwks.RSA_KEY.getKeyID(), new RSASSASigner(TestJwks.RSA_KEY)),
                signed(JWSAlgorithm.PS256, TestJwks.RSA_KEY.getKeyID(), new RSASSASigner(TestJwks.RSA_KEY)),
        };
        for (String token : refused) {
            assertThat(refusal(decoder, token)).as(token).isInstanceOf(BadJwtException.class)
                    .hasMessageStartingWith("Unsupported algorithm of ");
        }
        EncryptedJWT encrypted = new EncryptedJWT(new JWEHeader(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A256GCM),
                claims());
        encrypted.encrypt(new RSAEncrypter(TestJwks.RSA_KEY));
        assertThat(refusal(decoder, encrypted.serialize())).isInstanceOf(BadJwtException.class)
                .hasMessageStartingWith("Unsupported algorithm of ");
        assertThat(jwks.requests()).as("no key set fetched for a refused algorithm").isZero();
    }
}
