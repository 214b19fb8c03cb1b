package fr.presenca.connexion.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/** The gateway's limits with two service instances on one database, calls spread over both. */
@DisplayName("The OpenAI gateway on two instances")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayInstancesTest extends IntegrationTest {

    private static final String SET_KEY = "mutation($id: ID!, $key: String!) { setApiKey(id: $id, apiKey: $key) { hasApiKey } }";

    @Autowired
    private Environment environment;

    private ConfigurableApplicationContext secondInstance;
    private int secondPort;
    private Fixtures fixtures;
    private UUID organisation;
    private String member;
    private String admin;

    @BeforeEach
    void setUp() {
        FakeOpenAi.SHARED.reset();
        fixtures = new Fixtures(database);
        organisation = fixtures.organisation("Réseau Deux Instances " + UUID.randomUUID());
        member = tokens.authenticated(fixtures.user(organisation, false));
        admin = tokens.authenticated(fixtures.user(null, true));
        if (secondInstance == null) {
            secondInstance = new SpringApplication(OpenAiConnexionApplication.class).run(
                    "--server.port=0", "--server.shutdown=immediate",
                    "--spring.r2dbc.url=" + environment.getProperty("spring.r2dbc.url"),
                    "--spring.r2dbc.username=" + environment.getProperty("spring.r2dbc.username"),
                    "--spring.r2dbc.password=" + environment.getProperty("spring.r2dbc.password", ""),
                    "--spring.r2dbc.pool.max-size=10",
                    "--spring.liquibase.user=" + DatabaseEnvironmentPostProcessor.EMBEDDED_OWNER,
                    "--spring.liquibase.password=",
                    "--presenca.jwt.secret=" + JWT_SECRET,
                    "--presenca.encryption.key=" + ENCRYPTION_KEY,
                    "--presenca.openai.base-url=" + FakeOpenAi.SHARED.baseUrl());
            secondPort = ((WebServerApplicationContext) secondInstance).getWebServer().getPort();
        }
    }

    @AfterAll
    void stopSecondInstance() {
        FakeOpenAi.SHARED.reset();
        if (secondInstance != null) {
            secondInstance.close();
        }
    }

    private UUID connexion(String assignments) {
        UUID id = fixtures.connexion(organisation, "reseau");
        fixtures.update(id, "openai_modeles_autorises = '{gpt-4o-mini}', " + assignments);
        Map<String, Object> set = new MeteringClient(port).data(admin, SET_KEY,
                Map.of("id", id.toString(), "key", "sk-proj-twoinstances0123456789abcdef"), "setApiKey").block();
        assertThat(set).containsEntry("hasApiKey", true);
        return id;
    }

    /** {@code calls} concurrent chat calls, alternating between the two instances; their HTTP statuses. */
    private List<Integer> concurrently(UUID connexion, int calls) {
        List<Integer> ports = List.of(port, secondPort);
        String body = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Bonjour\"}],"
                + "\"max_completion_tokens\":100}";
        return Flux.range(0, calls)
                .flatMap(i -> {
                    // Like a real client: a 503 (the service busy) is retried with the same idempotency key.
                    String key = "call-" + UUID.randomUUID();
                    return WebClient.create("http://localhost:" + ports.get(i % 2) + "/openai/v1").post()
                            .uri("/chat/completions")
                            .header("Authorization", "Bearer " + member).header("X-Presenca-Connexion", connexion.toString())
                            .header("Idempotency-Key", key)
                            .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                            .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()))
                            .flatMap(status -> status == 503 ? reactor.core.publisher.Mono.<Integer>error(
                                    new IllegalStateException("busy")) : reactor.core.publisher.Mono.just(status))
                            .retryWhen(reactor.util.retry.Retry.backoff(10, Duration.ofMillis(100)));
                }, calls)
                .collectList().block(Duration.ofMinutes(2));
    }

    @Test
    @DisplayName("a daily limit of N with 3N concurrent calls over both instances lets exactly N reach OpenAI")
    void dailyLimit() {
        int limit = 8;
        UUID id = connexion("openai_limite_quotidienne = " + limit);
        FakeOpenAi.SHARED.answer(request -> FakeOpenAi.chat(10, 0, 2));
        List<Integer> statuses = concurrently(id, 3 * limit);
        assertThat(statuses).filteredOn(status -> status == 200).hasSize(limit);
        assertThat(statuses).filteredOn(status -> status == 429).hasSize(2 * limit);
        assertThat(FakeOpenAi.SHARED.received()).hasSize(limit);
    }

    @Test
    @DisplayName("a budget lets at most what its holds fit reach OpenAI over both instances, and is never passed")
    void monthlyBudget() {
        BigDecimal budget = new BigDecimal("0.0005");
        UUID id = connexion("openai_limite_cout_mois = " + budget.toPlainString());
        FakeOpenAi.SHARED.answer(request -> FakeOpenAi.chat(15, 0, 100));
        BigDecimal outputPrice = database.sql("select output_per_million from openai_model_price where model = 'gpt-4o-mini'"
                        + " and effective_from <= now() order by effective_from desc limit 1")
                .map(row -> row.get(0, BigDecimal.class)).one().block();
        int fit = budget.divide(outputPrice.multiply(BigDecimal.valueOf(100)).movePointLeft(6), 0,
                java.math.RoundingMode.FLOOR).intValue();
        List<Integer> statuses = concurrently(id, 20);
        int forwarded = FakeOpenAi.SHARED.received().size();
        assertThat(forwarded).isPositive().isLessThanOrEqualTo(fit);
        assertThat(statuses).filteredOn(status -> status == 200).hasSize(forwarded);
        BigDecimal recorded = database.sql("select coalesce(sum(cost), 0) from openai_usage_event where openai_connexion_id = $1")
                .bind(0, id).map(row -> row.get(0, BigDecimal.class)).one().block();
        assertThat(recorded).isLessThanOrEqualTo(budget);
    }

    @Test
    @DisplayName("a gateway key revoked through one instance gets 401 on its next call on the other, at once")
    void revokedOnEveryInstance() {
        UUID id = connexion("openai_limite_quotidienne = 100");
        FakeOpenAi.SHARED.answer(request -> FakeOpenAi.chat(10, 0, 2));
        MeteringClient api = new MeteringClient(port);
        Map<String, Object> created = api.data(member, GatewayKeyTest.CREATE, Map.of("input",
                MeteringClient.input("connexionId", id.toString(), "name", "two instances")), "createGatewayKey").block();
        String key = (String) created.get("key");
        @SuppressWarnings("unchecked")
        String keyId = (String) ((Map<String, Object>) created.get("gatewayKey")).get("id");
        String body = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Bonjour\"}]}";
        java.util.function.IntFunction<Integer> callOn = instancePort -> WebClient.create("http://localhost:" + instancePort
                        + "/openai/v1").post().uri("/chat/completions").header("Authorization", "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()))
                .block(Duration.ofSeconds(30));

        assertThat(callOn.apply(port)).isEqualTo(200);
        assertThat(callOn.apply(secondPort)).isEqualTo(200);
        new MeteringClient(port).data(member, GatewayKeyTest.REVOKE, Map.of("id", keyId), "revokeGatewayKey").block();

        assertThat(callOn.apply(secondPort)).isEqualTo(401);
        assertThat(callOn.apply(port)).isEqualTo(401);
        assertThat(FakeOpenAi.SHARED.received()).hasSize(2);
    }
}
