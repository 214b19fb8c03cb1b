package fr.presenca.connexion.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The service in a real browser (Debian's headless Chromium, which {@code .ci/run} installs), cut off from the
 * internet: GraphiQL from the jar runs a query, and a front-end page on another origin (a second local server) runs a
 * query and a subscription against the service with that origin allowed. Skipped, saying so, where no Chromium is
 * installed.
 */
@DisplayName("In a browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserTest extends IntegrationTest {

    private static final Duration AT_MOST = Duration.ofSeconds(60);

    private Chromium chromium;
    private final List<String> requested = new CopyOnWriteArrayList<>();
    private final List<String> failed = new CopyOnWriteArrayList<>();
    private Fixtures fixtures;
    private UUID organisation;
    private String member;

    @BeforeAll
    void launch() throws Exception {
        Path binary = Chromium.binary().orElse(null);
        Assumptions.assumeTrue(binary != null, "No Chromium found (set CHROMIUM or install Debian's package:"
                + " apt-get install chromium; .ci/run does): the browser tests are skipped");
        chromium = Chromium.launch(binary);
        chromium.onEvent((method, params) -> {
            if ("Network.requestWillBeSent".equals(method)) {
                String url = (String) ((Map<?, ?>) params.get("request")).get("url");
                // data: URLs hold whole fonts: their scheme is all that matters here.
                requested.add(url.startsWith("data:") ? "data:" : url);
            } else if ("Network.loadingFailed".equals(method) && !Boolean.TRUE.equals(params.get("canceled"))) {
                failed.add(params.get("errorText") + " " + params.get("requestId"));
            }
        });
    }

    @AfterAll
    void quit() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void setUp() {
        fixtures = new Fixtures(database);
        organisation = fixtures.organisation("Réseau Navigateur " + UUID.randomUUID());
        member = tokens.authenticated(fixtures.user(organisation, false));
        requested.clear();
        failed.clear();
    }

    @Test
    @DisplayName("the browser really is offline: a page on the internet does not load")
    void offline() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> chromium.navigate("https://cdn.jsdelivr.net/npm/graphiql"))
                .hasMessageContaining("cannot open");
    }

    @Test
    @DisplayName("GraphiQL loads from the service alone and runs a query with the token of its Headers tab")
    void graphiQl() throws Exception {
        String service = "http://localhost:" + port;
        // GraphiQL starts with the query and the headers kept in the origin's storage.
        chromium.navigate(service + "/graphiql/assets/none");
        chromium.evaluate("localStorage.clear(); localStorage.setItem('graphiql:query', "
                + "'{ organisations { id name } }'); localStorage.setItem('graphiql:headers', "
                + GraphQlSocket.json(GraphQlSocket.json(Map.of("Authorization", "Bearer " + member))) + ")");
        requested.clear();

        chromium.navigate(service + "/graphiql");
        chromium.evaluate(Chromium.waitFor("!!document.querySelector('.graphiql-execute-button')", 60,
                "GraphiQL's run button"));
        chromium.evaluate("document.querySelector('.graphiql-execute-button').click(); true");
        Object response;
        try {
            // The response editor wraps long lines: compare without white space.
            response = chromium.evaluate(Chromium.waitFor("(() => { const text = (document.querySelector("
                    + "'.result-window')?.textContent ?? '').replace(/\\s+/g, ''); return text.includes('"
                    + organisation + "') && text; })()", 60, "the organisation in GraphiQL's response pane"));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the page shows:\n"
                    + chromium.evaluate("document.body.innerText.slice(0, 2000)") + "\nrequests: "
                    + requested.stream().map(url -> url.substring(0, Math.min(url.length(), 100))).toList(), e);
        }

        assertThat((String) response).contains("\"organisations\"").doesNotContain("\"errors\"");
        assertThat(requested).as("what the page asked for").isNotEmpty()
                .allSatisfy(url -> assertThat(url).matches("(" + service + "/|data:|blob:).*"));
        assertThat(requested).anyMatch(url -> url.equals(service + "/graphql"));
        assertThat(failed).as("requests that failed").isEmpty();
    }

    @Test
    @DisplayName("a front-end on another allowed origin runs a query with fetch and a subscription over WebSocket")
    void frontEndOnAnotherOrigin() throws Exception {
        UUID connexion = fixtures.connexion(organisation, "reseau");
        String page = FRONT_END.replace("SERVICE", "localhost:" + port).replace("TOKEN", member);
        HttpServer frontEnd = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        frontEnd.createContext("/", exchange -> {
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        frontEnd.start();
        try {
            Instant since = Instant.now();
            chromium.navigate("http://127.0.0.1:" + frontEnd.getAddress().getPort() + "/");
            @SuppressWarnings("unchecked")
            Map<String, Object> query = (Map<String, Object>) chromium.evaluate(Chromium.waitFor("window.results.query",
                    60, "the query's answer"));
            assertThat(query).containsEntry("status", 200);
            assertThat(query.get("body").toString()).contains(organisation.toString()).doesNotContain("errors");

            chromium.evaluate(Chromium.waitFor("window.results.subscribed", 60, "connection_ack"));
            await().atMost(AT_MOST).until(() -> listeningSince(since));
            fixtures.update(connexion, "openai_statut_connexion = 'inactive', openai_actif = false");

            @SuppressWarnings("unchecked")
            Map<String, Object> change = (Map<String, Object>) chromium.evaluate(Chromium.waitFor(
                    "window.results.change || window.results.failure", 60, "the connexion's change"));
            assertThat(change).as(change.toString()).containsKey("data");
            assertThat(change.get("data").toString()).contains(connexion.toString()).contains("INACTIVE");
            assertThat(chromium.evaluate("window.results.closed ?? null")).isNull();
        } finally {
            frontEnd.stop(0);
        }
    }

    /** The service listens for changes on a connection of its own, opened for the first watcher. */
    private boolean listeningSince(Instant since) {
        return database.sql("select count(*) as n from pg_stat_activity where query = 'LISTEN openai_connexion_changes'"
                        + " and backend_start >= $1")
                .bind(0, since.minusSeconds(1).atOffset(ZoneOffset.UTC))
                .map(row -> row.get("n", Long.class)).one().block() > 0;
    }

    /** A front-end as Lovable's are: fetch for queries, graphql-transport-ws for subscriptions; results in window. */
    private static final String FRONT_END = """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>front-end</title></head><body><script>
            window.results = {};
            const token = 'TOKEN';
            fetch('http://SERVICE/graphql', { method: 'POST',
                headers: { 'Content-Type': 'application/json', 'Authorization': 'Bearer ' + token },
                body: JSON.stringify({ query: '{ organisations { id name } }' }) })
              .then(async response => { window.results.query = { status: response.status, body: await response.json() }; })
              .catch(error => { window.results.query = { status: -1, body: String(error) }; });
            const socket = new WebSocket('ws://SERVICE/graphql', 'graphql-transport-ws');
            socket.onopen = () => socket.send(JSON.stringify({ type: 'connection_init',
                payload: { Authorization: 'Bearer ' + token } }));
            socket.onmessage = event => {
              const message = JSON.parse(event.data);
              if (message.type === 'connection_ack') {
                socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: {
                    query: 'subscription { connexionChanges { connexionId operation status } }' } }));
                window.results.subscribed = true;
              } else if (message.type === 'next') {
                window.results.change = message.payload;
              } else if (message.type === 'error') {
                window.results.failure = message;
              }
            };
            socket.onclose = event => { window.results.closed = event.code; };
            </script></body></html>
            """;
}
