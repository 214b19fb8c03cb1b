package fr.presenca.connexion.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base of the tests that boot the whole service over real HTTP. All of them share one application context,
 * hence one embedded PostgreSQL per test JVM (its data in a fresh temporary home) and one Liquibase run. Tokens are
 * verified as in a Supabase project with both kinds of keys: HS256 with the secret, ES256/RS256 with the keys
 * published by {@link TestJwks#SHARED}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "presenca.jwt.secret=" + IntegrationTest.JWT_SECRET,
        "presenca.bootstrap-admin-id=" + IntegrationTest.BOOTSTRAP_ADMIN_ID,
        "presenca.encryption.key=" + IntegrationTest.ENCRYPTION_KEY,
        "server.shutdown=immediate",
        "spring.r2dbc.pool.max-size=10",
        // A call the fake OpenAI never answers ends this soon.
        "presenca.openai.timeout=PT3S",
        // A body cap small enough for a test to pass it.
        "presenca.gateway.max-body-bytes=" + IntegrationTest.GATEWAY_MAX_BODY_BYTES,
        // An exact origin, a pattern, and any port of 127.0.0.1 (the browser test's second origin).
        "presenca.cors.allowed-origins=" + IntegrationTest.ALLOWED_ORIGINS
})
@Import(TestClock.Configuration.class)
public abstract class IntegrationTest {

    static final int GATEWAY_MAX_BODY_BYTES = 1 << 20;
    static final String JWT_SECRET = "test-secret-of-the-openai-connexion-service-0123456789";
    static final String BOOTSTRAP_ADMIN_ID = "0b0075a7-ad01-4e55-9000-00000000a001";
    /** Base64 of 32 bytes: a configured secret means no local mode, so the master key must be configured too. */
    static final String ENCRYPTION_KEY = "dGVzdC1tYXN0ZXIta2V5LW9mLW9wZW5haS1jb25uZXg=";
    static final String ALLOWED_ORIGINS = "https://app.lovable.dev, https://*.lovable.app, http://127.0.0.1:[*]";

    static {
        // A property read before any context exists: the embedded database's home for this JVM.
        if (System.getProperty("presenca.home") == null) {
            try {
                Path home = Files.createTempDirectory("openai-connexion-test-home");
                System.setProperty("presenca.home", home.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @DynamicPropertySource
    static void publishedSigningKeys(DynamicPropertyRegistry registry) {
        registry.add(JwtSettings.JWKS_URL, TestJwks.SHARED::url);
        registry.add("presenca.openai.base-url", FakeOpenAi.SHARED::baseUrl);
    }

    @LocalServerPort
    protected int port;

    /** Connected as the database owner: fixtures and assertions see every row, bypassing row-level security. */
    protected DatabaseClient database;

    @Autowired
    void connectAsOwner(@Value("${spring.r2dbc.url}") String r2dbcUrl) {
        this.database = OwnerDatabase.of(r2dbcUrl);
    }

    /** The services' clock: real time unless a test pins it (and resets it afterwards). */
    @Autowired
    protected TestClock clock;

    protected final Tokens tokens = new Tokens(JWT_SECRET);

    /**
     * How long a test waits for an answer. A bound on a wait, not a speed target: WebTestClient's default of 5 s
     * was once exceeded by a 1,050-field validation on a shared, loaded machine.
     */
    protected static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);

    protected WebTestClient http() {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(ANSWER_WITHIN).build();
    }

    protected HttpGraphQlTester graphQl(String token) {
        return HttpGraphQlTester.builder(WebTestClient.bindToServer().baseUrl("http://localhost:" + port + "/graphql")
                        .responseTimeout(ANSWER_WITHIN))
                .header("Authorization", "Bearer " + token)
                .responseTimeout(ANSWER_WITHIN)
                .build();
    }
}
