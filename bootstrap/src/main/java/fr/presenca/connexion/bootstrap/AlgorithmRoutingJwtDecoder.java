package fr.presenca.connexion.bootstrap;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * Parses a token and checks its signature with the verifier its {@code alg} header names, from an explicit
 * allow-list: HS256 with the secret, ES256 and RS256 with the published signing keys, each only if configured.
 * Any other algorithm, {@code none} and encrypted tokens are refused. So an HS256 token is never checked against a
 * public key (the classic forgery: an HMAC keyed with the public key's bytes), and each verifier accepts its own
 * algorithm only. When the published keys are needed and out of reach, the answer is 503, not 401. Validates
 * nothing: {@link VerifiedTokenCache} does, on every decode.
 */
final class AlgorithmRoutingJwtDecoder implements ReactiveJwtDecoder {

    private final Map<JWSAlgorithm, ReactiveJwtDecoder> verifiers;

    AlgorithmRoutingJwtDecoder(Map<JWSAlgorithm, ReactiveJwtDecoder> verifiers) {
        this.verifiers = Map.copyOf(verifiers);
    }

    /** The verifiers {@code settings} configure; {@code keySetClock} times the published keys' cache. */
    static AlgorithmRoutingJwtDecoder of(JwtSettings settings, Clock keySetClock) {
        Map<JWSAlgorithm, ReactiveJwtDecoder> verifiers = new LinkedHashMap<>();
        settings.secret().ifPresent(secret -> verifiers.put(JWSAlgorithm.HS256, secretVerifier(secret)));
        settings.jwks().ifPresent(jwks -> {
            JwksKeySource keys = new JwksKeySource(jwks, keySetClock);
            verifiers.put(JWSAlgorithm.ES256, publishedKeyVerifier(keys, SignatureAlgorithm.ES256));
            verifiers.put(JWSAlgorithm.RS256, publishedKeyVerifier(keys, SignatureAlgorithm.RS256));
        });
        return new AlgorithmRoutingJwtDecoder(verifiers);
    }

    @Override
    public Mono<Jwt> decode(String token) {
        JWT parsed;
        try {
            parsed = JWTParser.parse(token);
        } catch (Exception e) {
            // Nimbus's decoder answers a token it cannot parse with this exception and message.
            return Mono.error(new BadJwtException("An error occurred while attempting to decode the Jwt: "
                    + e.getMessage(), e));
        }
        Algorithm algorithm = parsed.getHeader().getAlgorithm();
        ReactiveJwtDecoder verifier = parsed instanceof SignedJWT ? verifiers.get(algorithm) : null;
        if (verifier == null) {
            return Mono.error(new BadJwtException("Unsupported algorithm of " + algorithm));
        }
        // Spring's decoder wraps a key source's failure in an IllegalStateException, answered 500: the keys being out
        // of reach is no fault of the token, nor of the service's code.
        return verifier.decode(token).onErrorMap(
                failure -> failure instanceof IllegalStateException && failure.getCause() instanceof KeySourceException,
                failure -> new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
                        "The published signing keys could not be fetched", failure.getCause()));
    }

    /** Checks an HS256 signature with the secret; validates nothing. */
    static NimbusReactiveJwtDecoder secretVerifier(byte[] secret) {
        return withoutValidation(NimbusReactiveJwtDecoder
                .withSecretKey(new SecretKeySpec(secret, "HmacSHA256"))
                .macAlgorithm(MacAlgorithm.HS256)
                .build());
    }

    /** Checks a signature of {@code algorithm} only, with the published key of the token's kid; validates nothing. */
    static NimbusReactiveJwtDecoder publishedKeyVerifier(JwksKeySource keys, SignatureAlgorithm algorithm) {
        return withoutValidation(NimbusReactiveJwtDecoder.withJwkSource(keys).jwsAlgorithm(algorithm).build());
    }

    private static NimbusReactiveJwtDecoder withoutValidation(NimbusReactiveJwtDecoder decoder) {
        // Left unset, the decoder would validate with JwtValidators.createDefault() itself, and its answers could
        // no longer be kept: validation belongs to VerifiedTokenCache, which runs it on every decode.
        decoder.setJwtValidator(jwt -> OAuth2TokenValidatorResult.success());
        return decoder;
    }
}
