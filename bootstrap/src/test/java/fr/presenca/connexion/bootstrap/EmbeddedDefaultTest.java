package fr.presenca.connexion.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import fr.presenca.connexion.adapter.out.persistence.ApiKeyCipher;
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

    private static final String API_KEY = "sk-proj-AdoptedFromSupabase0000000000Ef56";

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
    @DisplayName("starts its own PostgreSQL, prints a usable admin token and keeps data across a restart,"
            + " its API keys encrypted at the next start with the key it generated and kept")
    void embeddedLocalMode() throws java.io.IOException {
        UUID organisation = UUID.randomUUID();
        String token;
        ByteArrayOutputStream firstConsole = new ByteArrayOutputStream();
        try (ConfigurableApplicationContext first = start(firstConsole)) {
            assertThat(Files.exists(home.resolve("pgdata").resolve("PG_VERSION"))).isTrue();
            Matcher matcher = TOKEN.matcher(firstConsole.toString(StandardCharsets.UTF_8));
            assertThat(matcher.find()).as("an admin token is printed").isTrue();
            token = matcher.group(1);
            DatabaseClient database = OwnerDatabase.of(first.getEnvironment().getProperty("spring.r2dbc.url"));
            database.sql("insert into organisations (organisation_id, name) values ($1, 'Réseau Durable')")
                    .bind(0, organisation).then().block();
            // As adopted Supabase data holds it: in plaintext, written behind the service's back.
            database.sql("insert into openai_connexion (organisation_id, client_id, openai_api_key)"
                            + " values ($1, gen_random_uuid(), $2)")
                    .bind(0, organisation).bind(1, API_KEY).then().block();
        }

        ByteArrayOutputStream secondConsole = new ByteArrayOutputStream();
        try (ConfigurableApplicationContext second = start(secondConsole)) {
            int port = ((WebServerApplicationContext) second).getWebServer().getPort();
            // The token printed by the first run still works: the secret is kept with the data.
            WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(IntegrationTest.ANSWER_WITHIN).build()
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

            String stored = OwnerDatabase.of(second.getEnvironment().getProperty("spring.r2dbc.url"))
                    .sql("select openai_api_key from openai_connexion where organisation_id = $1")
                    .bind(0, organisation).map(row -> row.get(0, String.class)).one().block();
            assertThat(stored).startsWith("enc:v1:k1:");
            assertThat(second.getBean(ApiKeyCipher.class).decrypt(stored)).isEqualTo(API_KEY);
        }
        Properties localFile = new Properties();
        try (var in = Files.newInputStream(home.resolve(LocalModeFiles.FILE_NAME))) {
            localFile.load(in);
        }
        assertThat(localFile).containsKeys("jwt.secret", EncryptionConfiguration.LOCAL_KEY);
        String encryptionKey = localFile.getProperty(EncryptionConfiguration.LOCAL_KEY);
        String secondOutput = secondConsole.toString(StandardCharsets.UTF_8);
        assertThat(secondOutput).contains("OpenAI API keys at rest: 1 ");
        for (String output : new String[] {firstConsole.toString(StandardCharsets.UTF_8), secondOutput}) {
            assertThat(output).doesNotContain(API_KEY).doesNotContain(encryptionKey);
        }
    }
}
