package fr.presenca.connexion.bootstrap;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Signs tokens like Supabase's: HS256, {@code sub}, {@code role}, {@code exp}. Used by local mode only. */
final class TokenIssuer {

    private final byte[] secret;

    TokenIssuer(JwtSettings settings) {
        this.secret = settings.secret().orElseThrow(() -> new IllegalStateException("local mode signs with a secret"));
    }

    String issue(UUID subject, String role, Instant now, Duration lifetime) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(subject.toString())
                .claim("role", role)
                .audience("authenticated")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not sign a local token", e);
        }
        return jwt.serialize();
    }
}
