package fr.presenca.connexion.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service as a new user starts it (local mode, a fresh home, its own JVM), once: the subscription handshake right
 * after boot, its start-up output, and SIGTERM while a decision is in flight. {@code -Dpresenca.test.fresh-boots=20}
 * repeats the handshake on 19 more fresh JVMs ({@code benchmarks/handshake-repeat.sh}).
 */
@DisplayName("The service in a process of its own")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalModeProcessTest {

    private static final Duration AT_MOST = Duration.ofSeconds(120);
    private static final Pattern TOKEN = Pattern.compile("\"Bearer ([A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+)\"");
    private static final Pattern SCHEMA = Pattern.compile("Database schema at changeset (\\S+), (\\d+) applied$");
    private static final int SOCKETS = 8;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Path home;
    private int databasePort;
    private ServiceProcess service;
    private String adminToken;

    @BeforeAll
    void start() throws Exception {
        home = Files.createTempDirectory("openai-connexion-process-home");
        try (ServerSocket free = new ServerSocket(0)) {
            databasePort = free.getLocalPort();
        }
        service = boot();
        Matcher token = TOKEN.matcher(String.join("\n", service.console()));
        assertThat(token.find()).as("the admin token is printed").isTrue();
        adminToken = token.group(1);
    }

    private ServiceProcess boot() throws Exception {
        return ServiceProcess.start(home, AT_MOST, "--presenca.home=" + home, "--server.port=0",
                "--presenca.database.embedded.port=" + databasePort,
                // A decision may wait on the test's row lock for as long as the test needs.
                "--presenca.database.lock-timeout=PT2M", "--presenca.database.statement-timeout=PT2M",
                "--presenca.openai.base-url=" + FakeOpenAi.SHARED.baseUrl(), "--presenca.openai.timeout=PT2M");
    }

    @AfterAll
    void stop() throws Exception {
        if (service != null) {
            service.close();
            // In the test's report, for whoever reads a failure.
            System.out.println("The service's console:\n" + String.join("\n", service.console()));
        }
        if (home != null) {
            try (var paths = Files.walk(home)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    @DisplayName("right after boot, sockets opened at once all get connection_ack, and one without a token gets 4403")
    void handshakeAfterBoot() throws Exception {
        acknowledgedAtOnce(service.port(), "first boot");
    }

    @Test
    @Order(2)
    @DisplayName("prints at most 25 lines, one of them the schema's summary, and ends with the banner alone")
    void startUpOutput() throws Exception {
        List<String> console = service.console();
        int bannerEnd = console.size() - 1;
        while (console.get(bannerEnd).isBlank()) {
            bannerEnd--;
        }
        List<String> banner = console.subList(bannerEnd - 5, bannerEnd + 1);
        assertThat(console).as(String.join("\n", console)).hasSizeLessThanOrEqualTo(25);
        assertThat(banner.get(0)).startsWith("-----");
        assertThat(banner.get(1)).contains("LOCAL MODE");
        assertThat(banner.get(2)).isEqualTo("GraphiQL: http://localhost:" + service.port() + "/graphiql");
        assertThat(banner.get(4)).startsWith("{\"Authorization\": \"Bearer ");
        assertThat(banner.get(5)).startsWith("-----");
        assertThat(console.get(bannerEnd - 6)).as("a blank line before the banner").isBlank();

        List<String> schemaLines = console.stream().filter(line -> SCHEMA.matcher(line).find()).toList();
        assertThat(schemaLines).hasSize(1);
        assertThat(schemaLines.get(0)).contains(" INFO ");
        Matcher schema = SCHEMA.matcher(schemaLines.get(0));
        assertThat(schema.find()).isTrue();
        try (Connection owner = java.sql.DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + databasePort + "/postgres", "postgres", "");
             Statement statement = owner.createStatement();
             ResultSet rows = statement.executeQuery("select count(*), (select id from presenca_migrations.databasechangelog"
                     + " order by orderexecuted desc limit 1) from presenca_migrations.databasechangelog")) {
            rows.next();
            assertThat(schema.group(1)).isEqualTo(rows.getString(2));
            assertThat(Long.parseLong(schema.group(2))).as("changesets applied on a fresh home").isEqualTo(rows.getLong(1))
                    .isGreaterThan(40);
        }
        assertThat(console).noneMatch(line -> line.contains("liquibase") && !line.contains("LiquibaseSummary"));
        assertThat(console).noneMatch(line -> line.contains(" WARN ") || line.contains(" ERROR "));
    }

    @Test
    @Order(3)
    @DisplayName("on SIGTERM, health stops saying UP, the decision and the gateway stream in flight finish and are"
            + " committed, then the database stops")
    void gracefulShutdown() throws Exception {
        DatabaseClient owner = OwnerDatabase.of("r2dbc:postgresql://localhost:" + databasePort + "/postgres");
        Fixtures fixtures = new Fixtures(owner);
        UUID organisation = fixtures.organisation("Réseau Arrêté " + UUID.randomUUID());
        UUID connexion = fixtures.connexion(organisation, "reseau");
        fixtures.update(connexion, "openai_modeles_autorises = '{gpt-4o-mini}', openai_limite_quotidienne = 10");
        UUID streamed = fixtures.connexion(organisation, "reseau");
        fixtures.update(streamed, "openai_modeles_autorises = '{gpt-4o-mini}'");
        String base = "http://localhost:" + service.port();
        HttpResponse<String> keySet = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/graphql"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + adminToken)
                .POST(HttpRequest.BodyPublishers.ofString(GraphQlSocket.json(Map.of("query",
                        "mutation($id: ID!) { setApiKey(id: $id, apiKey: \"sk-proj-shutdown0123456789abcdef\") { hasApiKey } }",
                        "variables", Map.of("id", streamed.toString()))))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(keySet.body()).contains("\"hasApiKey\":true");
        // The fake OpenAI sends two chunks of the stream, then waits for the test.
        CountDownLatch resume = new CountDownLatch(1);
        FakeOpenAi.SHARED.reset();
        FakeOpenAi.SHARED.answer(request -> FakeOpenAi.eventStream(FakeOpenAi.chatStreamEvents(request, 50, 4), 2, resume,
                Integer.MAX_VALUE));
        CompletableFuture<HttpResponse<String>> decision;
        CompletableFuture<HttpResponse<String>> stream = HTTP.sendAsync(HttpRequest.newBuilder(
                        URI.create(base + "/openai/v1/chat/completions"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + adminToken)
                .header("X-Presenca-Connexion", streamed.toString())
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"stream\":true,"
                        + "\"max_completion_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"Bonjour\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        await().atMost(AT_MOST).until(() -> FakeOpenAi.SHARED.received().size() == 1);
        try (RowLock lock = RowLock.on("r2dbc:postgresql://localhost:" + databasePort + "/postgres", connexion)) {
            decision = HTTP.sendAsync(HttpRequest.newBuilder(URI.create(base + "/graphql"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + adminToken)
                    .POST(HttpRequest.BodyPublishers.ofString(GraphQlSocket.json(Map.of("query", MeteringClient.AUTHORIZE,
                            "variables", Map.of("input", Map.of("connexionId", connexion.toString(), "model", "gpt-4o-mini",
                                    "estimatedInputTokens", 100, "maxOutputTokens", 100, "idempotencyKey", "in-flight"))))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            await().atMost(AT_MOST).until(() -> waitingOnLocks(owner) == 1);

            service.terminate();
            // Health is DOWN from the start of the shutdown, then the server takes no new connection.
            await().atMost(AT_MOST).until(() -> healthStatus(base) != 200);
            assertThat(decision).as("the decision still waits for the row lock").isNotDone();
            assertThat(stream).as("the stream still waits for OpenAI").isNotDone();
            resume.countDown();
        }
        HttpResponse<String> streamedAnswer = stream.get(AT_MOST.toSeconds(), TimeUnit.SECONDS);
        assertThat(streamedAnswer.statusCode()).isEqualTo(200);
        assertThat(streamedAnswer.body()).contains("\"content\":\"jour\"").endsWith("data: [DONE]\n\n");
        FakeOpenAi.SHARED.reset();

        HttpResponse<String> answered = decision.get(AT_MOST.toSeconds(), TimeUnit.SECONDS);
        assertThat(answered.statusCode()).isEqualTo(200);
        Map<String, Object> body = JSON.readValue(answered.body(), new TypeReference<Map<String, Object>>() {
        });
        assertThat(body).doesNotContainKey("errors");
        assertThat(body.get("data").toString()).contains("allowed=true");
        assertThat(service.waitForExit(AT_MOST)).as("the service exits").isTrue();
        assertThat(service.console()).noneMatch(line -> line.contains(" ERROR "));

        // The database was stopped by the service (else it could not start again on its data) after the commit.
        try (EmbeddedPostgres again = EmbeddedPostgres.builder().setDataDirectory(home.resolve("pgdata"))
                .setCleanDataDirectory(false).setPort(databasePort).start();
             Connection connection = again.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select count(*) from openai_authorization"
                     + " where openai_connexion_id = '" + connexion + "'")) {
            rows.next();
            assertThat(rows.getLong(1)).as("authorizations committed").isEqualTo(1);
            try (ResultSet usage = statement.executeQuery("select input_tokens, output_tokens from openai_usage_event"
                    + " where openai_connexion_id = '" + streamed + "'")) {
                assertThat(usage.next()).as("the stream was settled before the service stopped").isTrue();
                assertThat(usage.getInt(1)).isEqualTo(50);
                assertThat(usage.getInt(2)).isEqualTo(4);
                assertThat(usage.next()).isFalse();
            }
        }
    }

    @Test
    @Order(4)
    @DisplayName("the handshake holds on more fresh JVMs (-Dpresenca.test.fresh-boots)")
    void handshakeOnMoreBoots() throws Exception {
        int boots = Integer.getInteger("presenca.test.fresh-boots", 1);
        for (int boot = 2; boot <= boots; boot++) {
            try (ServiceProcess fresh = boot()) {
                acknowledgedAtOnce(fresh.port(), "boot " + boot);
            }
            System.out.println("handshake: boot " + boot + " of " + boots + " acknowledged all " + SOCKETS + " sockets");
        }
    }

    private void acknowledgedAtOnce(int port, String boot) throws Exception {
        List<CompletableFuture<GraphQlSocket>> opening = new ArrayList<>();
        for (int i = 0; i < SOCKETS; i++) {
            opening.add(GraphQlSocket.open(port, null).thenApply(socket -> {
                socket.send(GraphQlSocket.connectionInit(adminToken));
                return socket;
            }));
        }
        GraphQlSocket refused = GraphQlSocket.open(port, null).get(AT_MOST.toSeconds(), TimeUnit.SECONDS);
        List<GraphQlSocket> sockets = new ArrayList<>();
        try {
            refused.send(GraphQlSocket.json(Map.of("type", "connection_init", "payload", Map.of())));
            for (CompletableFuture<GraphQlSocket> socket : opening) {
                sockets.add(socket.get(AT_MOST.toSeconds(), TimeUnit.SECONDS));
            }
            for (int i = 0; i < sockets.size(); i++) {
                assertThat(sockets.get(i).next(Duration.ofSeconds(20), boot + ", socket " + i))
                        .as("%s, socket %d", boot, i).containsEntry("type", "connection_ack");
            }
            assertThat(refused.closeCode().get(20, TimeUnit.SECONDS)).isEqualTo(4403);
        } finally {
            sockets.forEach(GraphQlSocket::abort);
            refused.abort();
        }
    }

    private static long waitingOnLocks(DatabaseClient owner) {
        return owner.sql("select count(*) as n from pg_stat_activity where usename = 'presenca_app'"
                        + " and wait_event_type = 'Lock'")
                .map(row -> row.get("n", Long.class)).one().block();
    }

    /** The health endpoint's status, or -1 when nothing answers any more. */
    private static int healthStatus(String base) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
