package fr.presenca.connexion.bootstrap;

import static fr.presenca.connexion.bootstrap.MeteringClient.input;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Faults of the database under a running service, on a PostgreSQL of its own (this test stops and restarts it, and
 * waits on row locks far longer than the shared one's timeouts allow): a client that goes away while its decision
 * waits, and the server restarted between two calls. Synchronised on pg_stat_activity and the health endpoint, never
 * on time.
 */
@DisplayName("Database faults under a running service")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseFaultsTest {

    private static final Duration AT_MOST = Duration.ofSeconds(60);

    private final Tokens tokens = new Tokens(IntegrationTest.JWT_SECRET);
    private Path dataDirectory;
    private int databasePort;
    private EmbeddedPostgres server;
    private ConfigurableApplicationContext service;
    private int port;
    private String r2dbcUrl;
    private DatabaseClient owner;
    private GraphQlHttp http;
    private Fixtures fixtures;
    private String member;
    private UUID connexion;

    @BeforeAll
    void start() throws IOException {
        dataDirectory = Files.createTempDirectory("openai-connexion-faults-pg");
        try (ServerSocket free = new ServerSocket(0)) {
            databasePort = free.getLocalPort();
        }
        server = startServer();
        r2dbcUrl = "r2dbc:postgresql://localhost:" + databasePort + "/postgres";
        service = new SpringApplication(OpenAiConnexionApplication.class).run(
                "--server.port=0", "--server.shutdown=immediate",
                "--spring.r2dbc.url=" + r2dbcUrl,
                "--spring.r2dbc.username=" + DatabaseEnvironmentPostProcessor.EMBEDDED_SERVICE_USER,
                "--spring.r2dbc.password=",
                "--spring.liquibase.user=" + DatabaseEnvironmentPostProcessor.EMBEDDED_OWNER,
                "--spring.liquibase.password=",
                "--presenca.jwt.secret=" + IntegrationTest.JWT_SECRET,
                "--presenca.encryption.key=" + IntegrationTest.ENCRYPTION_KEY,
                // Far longer than any wait of this test: only a cancellation can end a decision's wait for a lock.
                "--presenca.database.lock-timeout=PT10M",
                "--presenca.database.statement-timeout=PT10M");
        port = ((WebServerApplicationContext) service).getWebServer().getPort();
        owner = OwnerDatabase.of(r2dbcUrl);
        http = new GraphQlHttp(port);
        fixtures = new Fixtures(owner);
    }

    @AfterAll
    void stop() throws IOException {
        if (service != null) {
            service.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void setUp() {
        UUID organisation = fixtures.organisation("Réseau Panne " + UUID.randomUUID());
        member = tokens.authenticated(fixtures.user(organisation, false));
        connexion = fixtures.connexion(organisation, "reseau");
        fixtures.update(connexion, "openai_modeles_autorises = '{gpt-4o-mini}', openai_limite_quotidienne = 1000");
    }

    private EmbeddedPostgres startServer() {
        try {
            return EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false)
                    .setPort(databasePort).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String authorizeBody(UUID connexion, String key) {
        return "{\"query\":\"" + MeteringClient.AUTHORIZE.replace("\"", "\\\"") + "\",\"variables\":{\"input\":{"
                + "\"connexionId\":\"" + connexion + "\",\"model\":\"gpt-4o-mini\",\"estimatedInputTokens\":100,"
                + "\"maxOutputTokens\":100,\"idempotencyKey\":\"" + key + "\"}}}";
    }

    private GraphQlHttp.Answer authorize(String key) {
        return http.post(member, MeteringClient.AUTHORIZE, Map.of("input", input("connexionId", connexion.toString(),
                "model", "gpt-4o-mini", "estimatedInputTokens", 100, "maxOutputTokens", 100, "idempotencyKey", key)))
                .block(AT_MOST);
    }

    private List<Integer> waitingOnLocks() {
        return owner.sql("select pid from pg_stat_activity where usename = 'presenca_app' and wait_event_type = 'Lock'")
                .map(row -> row.get("pid", Integer.class)).all().collectList().block();
    }

    private String stateOf(int backend) {
        return owner.sql("select coalesce(state, 'none') as state from pg_stat_activity where pid = $1").bind(0, backend)
                .map(row -> row.get("state", String.class)).one().defaultIfEmpty("gone").block();
    }

    private long counted(String table) {
        return owner.sql("select count(*) as n from " + table + " where openai_connexion_id = $1").bind(0, connexion)
                .map(row -> row.get("n", Long.class)).one().block();
    }

    @Test
    @DisplayName("a client that disconnects while its decision waits for the row lock: the wait is cancelled, the transaction rolled back, nothing counted, and its retry is a fresh decision")
    void clientDisconnectsWhileWaiting() throws IOException {
        int backend;
        try (RowLock lock = RowLock.on(r2dbcUrl, connexion)) {
            byte[] body = authorizeBody(connexion, "gone-1").getBytes(StandardCharsets.UTF_8);
            try (Socket client = new Socket("localhost", port)) {
                OutputStream out = client.getOutputStream();
                out.write(("POST /graphql HTTP/1.1\r\nHost: localhost:" + port + "\r\nContent-Type: application/json\r\n"
                        + "Authorization: Bearer " + member + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                await().atMost(AT_MOST).until(() -> waitingOnLocks().size() == 1);
                // Read before the socket closes: once it has, the wait may be cancelled before a second look.
                backend = waitingOnLocks().get(0);
            }

            // The socket is closed; the lock is still held and the lock timeout is 10 minutes.
            await().atMost(AT_MOST).until(() -> "idle".equals(stateOf(backend)));
            assertThat(owner.sql("select count(*) as n from pg_locks where pid = $1 and locktype <> 'virtualxid'")
                    .bind(0, backend).map(row -> row.get("n", Long.class)).one().block())
                    .as("the backend is back in the pool, holding and awaiting no lock").isZero();
        }

        assertThat(fixtures.snapshot(connexion)).contains("\"openai_usage_quotidien\":0");
        assertThat(counted("openai_authorization")).isZero();
        assertThat(counted("openai_reservation")).isZero();
        GraphQlHttp.Answer retried = authorize("gone-1");
        assertThat(retried.data("authorizeRequest")).containsEntry("allowed", true).containsEntry("remainingRequests", 999);
    }

    @Test
    @DisplayName("the database restarted between two calls: UNAVAILABLE (HTTP 503) and health DOWN while it is down, health UP and success after, the service untouched")
    void databaseRestart() {
        assertThat(authorize("before").data("authorizeRequest")).containsEntry("allowed", true);

        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        GraphQlHttp.Answer during = authorize("during");
        GraphQlHttp.Answer health = http.health().block(AT_MOST);

        assertThat(during.status()).isEqualTo(503);
        assertThat(during.codes()).containsExactly("UNAVAILABLE");
        assertThat(during.body().toString()).doesNotContain("localhost:" + databasePort);
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.body()).containsEntry("status", "DOWN");

        server = startServer();
        await().atMost(AT_MOST).until(() -> http.health().block(AT_MOST).status() == 200);

        assertThat(http.health().block(AT_MOST).body()).isEqualTo(Map.of("status", "UP"));
        GraphQlHttp.Answer after = authorize("during");
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.data("authorizeRequest")).containsEntry("allowed", true).containsEntry("remainingRequests", 998);
    }
}
