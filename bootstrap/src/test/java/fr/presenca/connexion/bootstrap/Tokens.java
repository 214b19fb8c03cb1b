package fr.presenca.connexion.bootstrap;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Mints Supabase-style HS256 tokens for tests, valid or deliberately not. */
final class Tokens {

    private final String secret;

    Tokens(String secret) {
        this.secret = secret;
    }

    String authenticated(UUID user) {
        return sign(secret, Map.of("sub", user.toString(), "role", "authenticated"), Duration.ofMinutes(10));
    }

    String serviceRole(UUID subject) {
        return sign(secret, Map.of("sub", subject.toString(), "role", "service_role"), Duration.ofMinutes(10));
    }

    String expired(UUID user) {
        return sign(secret, Map.of("sub", user.toString(), "role", "authenticated"), Duration.ofMinutes(-5));
    }

    String signedWith(String otherSecret, UUID user) {
        return sign(otherSecret, Map.of("sub", user.toString(), "role", "authenticated"), Duration.ofMinutes(10));
    }

    String withClaims(Map<String, Object> claims, Duration lifetime) {
        return sign(secret, claims, lifetime);
    }

    static String sign(String secret, Map<String, Object> claims, Duration lifetime) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
        claims.forEach(builder::claim);
        if (lifetime != null) {
            builder.expirationTime(Date.from(Instant.now().plus(lifetime)));
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), builder.build());
        try {
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
