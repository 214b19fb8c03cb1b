package fr.presenca.connexion.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The service as the README starts it: no database and no secret configured. It must start its own
 * PostgreSQL under its home, run in local mode, print a working admin token, and keep its data across restarts.
 */
@DisplayName("The embedded default")
class EmbeddedDefaultTest {

    private static final Pattern TOKEN = Pattern.compile("Bearer ([A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+)");

    @TempDir
    Path home;

    private ConfigurableApplicationContext start(ByteArrayOutputStream console) {
        PrintStream original = System.out;
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
        try {
            SpringApplication application = new SpringApplication(OpenAiConnexionApplication.class);
            return application.run("--presenca.home=" + home, "--server.port=0", "--server.shutdown=immediate",
                    "--presenca.jwt.secret=", "--spring.r2dbc.url=");
        } finally {
            System.setOut(original);
        }
    }

    @Test
    @DisplayName("starts its own PostgreSQL, prints a usable admin token and keeps data across a restart")
    void embeddedLocalMode() throws java.io.IOException {
        UUID organisation = UUID.randomUUID();
        String token;
        ByteArrayOutputStream firstConsole = new ByteArrayOutputStream();
        try (ConfigurableApplicationContext first = start(firstConsole)) {
            assertThat(Files.exists(home.resolve("pgdata").resolve("PG_VERSION"))).isTrue();
            Matcher matcher = TOKEN.matcher(firstConsole.toString(StandardCharsets.UTF_8));
            assertThat(matcher.find()).as("an admin token is printed").isTrue();
            token = matcher.group(1);
            DatabaseClient database = first.getBean(DatabaseClient.class);
            database.sql("insert into organisations (organisation_id, name) values ($1, 'Réseau Durable')")
                    .bind(0, organisation).then().block();
            database.sql("insert into openai_connexion (organisation_id, client_id) values ($1, gen_random_uuid())")
                    .bind(0, organisation).then().block();
        }

        ByteArrayOutputStream secondConsole = new ByteArrayOutputStream();
        try (ConfigurableApplicationContext second = start(secondConsole)) {
            int port = ((WebServerApplicationContext) second).getWebServer().getPort();
            // The token printed by the first run still works: the secret is kept with the data.
            WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build()
                    .post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                    .header("Authorization", "Bearer " + token)
                    .bodyValue(java.util.Map.of("query", "query($f: ConnexionFilter) { connexions(filter: $f) "
                            + "{ edges { node { organisationId clientType } } } }",
                            "variables", java.util.Map.of("f", java.util.Map.of("organisationId", organisation.toString()))))
                    .exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.errors").doesNotExist()
                    .jsonPath("$.data.connexions.edges.length()").isEqualTo(1)
                    .jsonPath("$.data.connexions.edges[0].node.clientType").isEqualTo("RESEAU");
        }
        assertThat(Files.readString(home.resolve(LocalModeFiles.FILE_NAME), StandardCharsets.UTF_8)).contains("jwt.secret");
    }
}
