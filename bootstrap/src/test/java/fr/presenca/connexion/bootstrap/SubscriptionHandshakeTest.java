package fr.presenca.connexion.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * The graphql-transport-ws handshake on a fresh application context (a new instance on the shared database, nothing
 * of it used before): {@link #SOCKETS} sockets opened at once all get {@code connection_ack}; a {@code connection_init}
 * without a valid token is closed with 4403, whatever is wrong with it. The lost acknowledgement of fresh boots did not
 * show in a JVM that had already run the service: {@link LocalModeProcessTest} checks it on a fresh JVM.
 */
@DisplayName("The subscription handshake on a fresh instance")
class SubscriptionHandshakeTest extends IntegrationTest {

    private static final int SOCKETS = 8;
    private static final Duration AT_MOST = Duration.ofSeconds(20);

    @Autowired
    private Environment environment;

    private ConfigurableApplicationContext freshInstance() {
        return new SpringApplication(OpenAiConnexionApplication.class).run(
                "--server.port=0", "--server.shutdown=immediate",
                "--spring.r2dbc.url=" + environment.getProperty("spring.r2dbc.url"),
                "--spring.r2dbc.username=" + environment.getProperty("spring.r2dbc.username"),
                "--spring.r2dbc.password=" + environment.getProperty("spring.r2dbc.password", ""),
                "--spring.r2dbc.pool.max-size=5",
                "--spring.liquibase.user=" + DatabaseEnvironmentPostProcessor.EMBEDDED_OWNER,
                "--spring.liquibase.password=",
                "--presenca.jwt.secret=" + JWT_SECRET,
                "--presenca.encryption.key=" + ENCRYPTION_KEY);
    }

    @Test
    @DisplayName("sockets opened at once all get connection_ack; no token, a bad token, an expired one or a token"
            + " that is not a string get 4403")
    void handshake() throws Exception {
        Fixtures fixtures = new Fixtures(database);
        UUID user = fixtures.user(fixtures.organisation("Réseau Abonné " + UUID.randomUUID()), false);
        try (ConfigurableApplicationContext instance = freshInstance()) {
            int instancePort = ((WebServerApplicationContext) instance).getWebServer().getPort();
            acknowledgedAtOnce(instancePort, user);
            refused(instancePort, user);
        }
    }

    private void acknowledgedAtOnce(int instancePort, UUID user) throws Exception {
        List<CompletableFuture<GraphQlSocket>> opening = new ArrayList<>();
        for (int i = 0; i < SOCKETS; i++) {
            String token = tokens.authenticated(user);
            opening.add(GraphQlSocket.open(instancePort, null).thenApply(socket -> {
                socket.send(GraphQlSocket.connectionInit(token));
                return socket;
            }));
        }
        List<GraphQlSocket> sockets = new ArrayList<>();
        try {
            for (CompletableFuture<GraphQlSocket> socket : opening) {
                sockets.add(socket.get(AT_MOST.toSeconds(), TimeUnit.SECONDS));
            }
            for (int i = 0; i < sockets.size(); i++) {
                assertThat(sockets.get(i).next(AT_MOST)).as("socket %d", i)
                        .containsEntry("type", "connection_ack");
            }
        } finally {
            sockets.forEach(GraphQlSocket::abort);
        }
    }

    private void refused(int instancePort, UUID user) throws Exception {
        List<String> initialisations = List.of(
                GraphQlSocket.json(Map.of("type", "connection_init")),
                GraphQlSocket.json(Map.of("type", "connection_init", "payload", Map.of())),
                GraphQlSocket.connectionInit("not.a.token"),
                GraphQlSocket.connectionInit(tokens.signedWith("another-secret-of-thirty-two-bytes-or-more!", user)),
                GraphQlSocket.connectionInit(tokens.expired(user)),
                GraphQlSocket.json(Map.of("type", "connection_init", "payload", Map.of("Authorization", "Basic dXNlcg=="))),
                GraphQlSocket.json(Map.of("type", "connection_init", "payload", Map.of("Authorization", 42))));
        for (String initialisation : initialisations) {
            GraphQlSocket socket = GraphQlSocket.open(instancePort, null).get(AT_MOST.toSeconds(), TimeUnit.SECONDS);
            try {
                socket.send(initialisation);
                assertThat(socket.closeCode().get(AT_MOST.toSeconds(), TimeUnit.SECONDS)).as(initialisation)
                        .isEqualTo(4403);
            } finally {
                socket.abort();
            }
        }
    }
}
