package fr.presenca.connexion.bootstrap;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A JWKS endpoint on a real local HTTP server, shaped like Supabase's ({@code /auth/v1/.well-known/jwks.json}, keys
 * with {@code use}, {@code key_ops} and {@code ext}), and the private keys that sign test tokens. It counts the
 * requests it answers. One per test JVM ({@link #SHARED}), used by the shared application context.
 */
final class TestJwks {

    static final String PATH = "/auth/v1/.well-known/jwks.json";

    /** The P-256 key and the RSA key published at start. */
    static final ECKey EC_KEY = ecKey("ec-" + UUID.randomUUID());
    static final RSAKey RSA_KEY = rsaKey("rsa-" + UUID.randomUUID());

    static final TestJwks SHARED = start();

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile String document;
    private volatile int status = 200;

    private TestJwks(HttpServer server) {
        this.server = server;
        publishDefaultKeys();
    }

    static TestJwks start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            TestJwks jwks = new TestJwks(server);
            server.createContext(PATH, jwks::answer);
            server.start();
            return jwks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void stop() {
        server.stop(0);
    }

    String url() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + PATH;
    }

    /** Publishes the public parts of {@code keys}, and nothing else. */
    void publish(JWK... keys) {
        List<Object> published = new ArrayList<>();
        for (JWK key : keys) {
            Map<String, Object> json = key.toPublicJWK().toJSONObject();
            json.put("ext", true);
            published.add(json);
        }
        document = JSONObjectUtils.toJSONString(Map.of("keys", published));
    }

    void publishDefaultKeys() {
        publish(EC_KEY, RSA_KEY);
    }

    /** The HTTP status of the next answers: 200 serves the published keys, anything else an error. */
    void answerWith(int status) {
        this.status = status;
    }

    /** How many requests the endpoint has answered. */
    int requests() {
        return requests.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        byte[] body = (status == 200 ? document : "{\"message\":\"unavailable\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    static ECKey ecKey(String keyId) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(keyId).algorithm(JWSAlgorithm.ES256).keyUse(KeyUse.SIGNATURE)
                    .keyOperations(Set.of(KeyOperation.VERIFY)).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static RSAKey rsaKey(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).algorithm(JWSAlgorithm.RS256).keyUse(KeyUse.SIGNATURE)
                    .keyOperations(Set.of(KeyOperation.VERIFY)).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Supabase-style token of {@code role} for {@code user}, signed by {@code key} with its own kid. */
    static String token(JWK key, UUID user, String role) {
        return sign(key, key.getKeyID(), Map.of("sub", user.toString(), "role", role), Duration.ofMinutes(10));
    }

    /**
     * A token signed by {@code key} (ES256 for an EC key, RS256 for an RSA key) whose header names {@code keyId}
     * (null: none); {@code lifetime} null means no exp.
     */
    static String sign(JWK key, String keyId, Map<String, Object> claims, Duration lifetime) {
        JWSAlgorithm algorithm = key instanceof ECKey ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer("http://localhost/auth/v1")
                .audience("authenticated");
        claims.forEach(builder::claim);
        if (lifetime != null) {
            builder.expirationTime(Date.from(Instant.now().plus(lifetime)));
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).keyID(keyId).build(),
                builder.build());
        try {
            JWSSigner signer = key instanceof ECKey ? new ECDSASigner((ECKey) key) : new RSASSASigner((RSAKey) key);
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
