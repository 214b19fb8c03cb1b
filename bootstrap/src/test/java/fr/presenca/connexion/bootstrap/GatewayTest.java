package fr.presenca.connexion.bootstrap;

import static fr.presenca.connexion.bootstrap.MeteringClient.input;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import io.r2dbc.spi.Readable;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/**
 * The OpenAI-compatible gateway over real HTTP, with the official OpenAI Java SDK as the client and a local fake
 * OpenAI (a real HTTP server speaking OpenAI's shapes) as the upstream.
 */
@DisplayName("The OpenAI gateway")
@ExtendWith(OutputCaptureExtension.class)
class GatewayTest extends IntegrationTest {

    private static final String STORED_KEY = "sk-proj-gatewaytest0123456789abcdefWXYZ";
    private static final String SET_KEY = "mutation($id: ID!, $key: String!) { setApiKey(id: $id, apiKey: $key) { hasApiKey } }";

    private final FakeOpenAi openAi = FakeOpenAi.SHARED;
    private Fixtures fixtures;
    private MeteringClient api;
    private UUID organisation;
    private String member;
    private String admin;

    @BeforeEach
    void setUp() {
        openAi.reset();
        fixtures = new Fixtures(database);
        api = new MeteringClient(port);
        organisation = fixtures.organisation("Agence Gateway " + UUID.randomUUID());
        member = tokens.authenticated(fixtures.user(organisation, false));
        admin = tokens.authenticated(fixtures.user(null, true));
    }

    /** Whatever a test did, the stored key and the caller's token never reached a log line. */
    @AfterEach
    void nothingSecretLogged(CapturedOutput output) {
        openAi.reset();
        assertThat(output.getAll()).doesNotContain(STORED_KEY).doesNotContain(member);
    }

    /** A connexion of the member's organisation with a stored key and these SQL assignments. */
    private UUID connexion(String assignments) {
        UUID id = fixtures.connexion(organisation, "reseau");
        fixtures.update(id, "openai_modeles_autorises = '{gpt-4o-mini,text-embedding-3-small}', "
                + "openai_organisation_id = 'org-fake', openai_project_id = 'proj_fake'");
        if (!assignments.isEmpty()) {
            fixtures.update(id, assignments);
        }
        Map<String, Object> set = api.data(admin, SET_KEY, Map.of("id", id.toString(), "key", STORED_KEY), "setApiKey").block();
        assertThat(set).containsEntry("hasApiKey", true);
        return id;
    }

    private OpenAIClient sdk(String token, UUID connexion) {
        return OpenAIOkHttpClient.builder()
                .baseUrl("http://localhost:" + port + "/openai/v1")
                .apiKey(token)
                .putHeader("X-Presenca-Connexion", connexion.toString())
                .maxRetries(0)
                .build();
    }

    private static ChatCompletionCreateParams chat(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Bonjour, qui êtes-vous ?")
                .maxCompletionTokens(100).build();
    }

    private WebTestClient gateway() {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port + "/openai/v1")
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    private static String chatBody(String model, String extra) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Bonjour\"}],"
                + "\"max_completion_tokens\":100" + extra + "}";
    }

    /**
     * One raw call's HTTP status; many run at once. Like a real client, it retries a 503 (the service busy) with the
     * same idempotency key, which can never count twice.
     */
    private reactor.core.publisher.Mono<Integer> status(UUID connexion, String body) {
        String key = "call-" + UUID.randomUUID();
        return org.springframework.web.reactive.function.client.WebClient.create("http://localhost:" + port + "/openai/v1")
                .post().uri("/chat/completions")
                .header("Authorization", "Bearer " + member).header("X-Presenca-Connexion", connexion.toString())
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()))
                .flatMap(status -> status == 503 ? reactor.core.publisher.Mono.error(new IllegalStateException("busy"))
                        : reactor.core.publisher.Mono.just(status))
                .retryWhen(reactor.util.retry.Retry.backoff(10, Duration.ofMillis(100)));
    }

    // ------------------------------------------------------------------ database views

    private record Usage(int input, int cached, int output, BigDecimal cost, String requestId, String reservationState) {
    }

    private List<Usage> usages(UUID connexion) {
        return database.sql("select e.input_tokens, e.cached_input_tokens, e.output_tokens, e.cost, e.upstream_request_id,"
                        + " r.state from openai_usage_event e left join openai_reservation r using (reservation_id)"
                        + " where e.openai_connexion_id = $1 order by e.created_at")
                .bind(0, connexion)
                .map((Readable row) -> new Usage(row.get(0, Integer.class), row.get(1, Integer.class), row.get(2, Integer.class),
                        row.get(3, BigDecimal.class), row.get(4, String.class), row.get(5, String.class)))
                .all().collectList().block();
    }

    private long openHolds(UUID connexion) {
        return database.sql("select count(*) from openai_reservation where openai_connexion_id = $1 and state = 'held'")
                .bind(0, connexion).map(row -> row.get(0, Long.class)).one().block();
    }

    private String column(UUID connexion, String column) {
        return database.sql("select " + column + "::text from openai_connexion where openai_connexion_id = $1")
                .bind(0, connexion).map(row -> row.get(0, String.class)).one().block();
    }

    /** gpt-4o-mini's exact cost of a call, from the prices in effect. */
    private BigDecimal cost(int input, int cached, int output) {
        return database.sql("select input_per_million, cached_input_per_million, output_per_million from openai_model_price"
                        + " where model = 'gpt-4o-mini' and effective_from <= now() order by effective_from desc limit 1")
                .map(row -> BigDecimal.valueOf(input - cached).multiply(row.get(0, BigDecimal.class))
                        .add(BigDecimal.valueOf(cached).multiply(row.get(1, BigDecimal.class)))
                        .add(BigDecimal.valueOf(output).multiply(row.get(2, BigDecimal.class)))
                        .divide(BigDecimal.valueOf(1_000_000), MathContext.UNLIMITED))
                .one().block();
    }

    /** Waits, bounded, for what a call settles after its client has gone. */
    private static void eventually(Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.get()) {
            assertThat(System.nanoTime()).as("condition reached in time").isLessThan(deadline);
            Thread.onSpinWait();
            try {
                Thread.sleep(20); // polling a condition, not waiting for a guessed duration
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    // ------------------------------------------------------------------ tests

    @Nested
    @DisplayName("forwards with the official SDK")
    class Forwarding {

        @Test
        @DisplayName("a chat completion reaches OpenAI with the stored key and the connexion's account, and is metered exactly")
        void chatCompletion() {
            UUID id = connexion("");
            openAi.answer(request -> FakeOpenAi.chat(1200, 1024, 50));

            ChatCompletion completion = sdk(member, id).chat().completions().create(chat("gpt-4o-mini"));

            assertThat(completion.choices().get(0).message().content()).contains("Bonjour !");
            assertThat(completion.usage().get().promptTokens()).isEqualTo(1200);
            RecordedRequest forwarded = openAi.received().get(0);
            assertThat(forwarded.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
            assertThat(forwarded.getHeaders().get("Authorization")).isEqualTo("Bearer " + STORED_KEY);
            assertThat(forwarded.getHeaders().get("OpenAI-Organization")).isEqualTo("org-fake");
            assertThat(forwarded.getHeaders().get("OpenAI-Project")).isEqualTo("proj_fake");
            assertThat(forwarded.getHeaders().toString()).doesNotContain(member).doesNotContain("X-Presenca");
            assertThat(forwarded.getBody().utf8()).contains("\"max_completion_tokens\":100").doesNotContain("stream_options");
            assertThat(usages(id)).singleElement().satisfies(usage -> {
                assertThat(usage.input()).isEqualTo(1200);
                assertThat(usage.cached()).isEqualTo(1024);
                assertThat(usage.output()).isEqualTo(50);
                assertThat(usage.cost()).isEqualByComparingTo(cost(1200, 1024, 50));
                assertThat(usage.requestId()).isEqualTo(FakeOpenAi.REQUEST_ID);
                assertThat(usage.reservationState()).isEqualTo("settled");
            });
            assertThat(column(id, "openai_usage_quotidien")).isEqualTo("1");
        }

        @Test
        @DisplayName("a chat stream is relayed chunk by chunk, metered from its usage chunk, which the client did not ask for and does not see")
        void chatStream() {
            UUID id = connexion("");
            openAi.answer(request -> FakeOpenAi.eventStream(FakeOpenAi.chatStreamEvents(request, 321, 7)));

            List<ChatCompletionChunk> chunks;
            try (StreamResponse<ChatCompletionChunk> stream = sdk(member, id).chat().completions()
                    .createStreaming(chat("gpt-4o-mini"))) {
                chunks = stream.stream().toList();
            }

            assertThat(chunks.stream().flatMap(chunk -> chunk.choices().stream())
                    .map(choice -> choice.delta().content().orElse("")).collect(Collectors.joining())).isEqualTo("Bonjour !");
            assertThat(chunks).allSatisfy(chunk -> {
                assertThat(chunk.choices()).isNotEmpty();
                assertThat(chunk.usage()).isEmpty();
            });
            assertThat(openAi.received().get(0).getBody().utf8()).contains("\"include_usage\":true");
            assertThat(usages(id)).singleElement().satisfies(usage -> {
                assertThat(usage.input()).isEqualTo(321);
                assertThat(usage.output()).isEqualTo(7);
                assertThat(usage.cost()).isEqualByComparingTo(cost(321, 0, 7));
                assertThat(usage.reservationState()).isEqualTo("settled");
            });
        }

        @Test
        @DisplayName("a client that asks for the usage chunk gets it")
        void chatStreamWithUsageAsked() {
            UUID id = connexion("");
            openAi.answer(request -> FakeOpenAi.eventStream(FakeOpenAi.chatStreamEvents(request, 40, 3)));

            String body = gateway().post().uri("/chat/completions")
                    .header("Authorization", "Bearer " + member).header("X-Presenca-Connexion", id.toString())
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(chatBody("gpt-4o-mini", ",\"stream\":true,\"stream_options\":{\"include_usage\":true}"))
                    .exchange()
                    .expectStatus().isOk()
                    .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                    .expectBody(String.class).returnResult().getResponseBody();

            assertThat(body).contains("\"choices\":[],\"usage\":{\"prompt_tokens\":40").endsWith("data: [DONE]\n\n");
            assertThat(usages(id)).singleElement().satisfies(usage -> assertThat(usage.input()).isEqualTo(40));
        }

        @Test
        @DisplayName("a Responses stream is relayed and metered from response.completed")
        void responsesStream() {
            UUID id = connexion("");
            openAi.answer(request -> FakeOpenAi.eventStream(List.of(
                    "{\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_fake\",\"status\":\"in_progress\"}}",
                    "{\"type\":\"response.output_text.delta\",\"sequence_number\":1,\"item_id\":\"msg_fake\",\"output_index\":0,\"content_index\":0,\"delta\":\"Bonjour\"}",
                    "{\"type\":\"response.completed\",\"sequence_number\":2,\"response\":{\"id\":\"resp_fake\",\"status\":\"completed\","
                            + "\"usage\":{\"input_tokens\":31,\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":4,"
                            + "\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":35}}}")));
            String body = gateway().post().uri("/responses")
                    .header("Authorization", "Bearer " + member).header("X-Presenca-Connexion", id.toString())
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"model\":\"gpt-4o-mini\",\"input\":\"Bonjour\",\"max_output_tokens\":50,\"stream\":true}")
                    .exchange()
                    .expectStatus().isOk()
                    .expectBody(String.class).returnResult().getResponseBody();
            assertThat(body).contains("response.output_text.delta").contains("response.completed");
            assertThat(openAi.received().get(0).getBody().utf8()).doesNotContain("stream_options");
            assertThat(usages(id)).singleElement().satisfies(usage -> {
                assertThat(usage.input()).isEqualTo(31);
                assertThat(usage.output()).isEqualTo(4);
            });
        }

        @Test
        @DisplayName("responses, embeddings and the model list work")
        void otherEndpoints() {
            UUID id = connexion("");
            OpenAIClient client = sdk(member, id);

            openAi.answer(request -> FakeOpenAi.response(77, 64, 9));
            Response response = client.responses().create(ResponseCreateParams.builder().model("gpt-4o-mini")
                    .input("Bonjour").maxOutputTokens(200L).build());
            assertThat(response.usage().get().inputTokens()).isEqualTo(77);

            openAi.answer(request -> FakeOpenAi.embeddings(6));
            CreateEmbeddingResponse embeddings = client.embeddings().create(EmbeddingCreateParams.builder()
                    .model("text-embedding-3-small").input("Une maison à Lyon").build());
            assertThat(embeddings.data()).hasSize(1);

            List<String> models = client.models().list().data().stream().map(Model::id).toList();
            assertThat(models).containsExactly("gpt-4o-mini", "text-embedding-3-small");

            assertThat(openAi.received()).hasSize(2); // the model list is answered without OpenAI
            assertThat(usages(id)).extracting(Usage::input, Usage::cached, Usage::output)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(77, 64, 9), org.assertj.core.groups.Tuple.tuple(6, 0, 0));
            assertThat(usages(id).get(0).cost()).isEqualByComparingTo(cost(77, 64, 9));
        }
    }

    @Nested
    @DisplayName("refuses in OpenAI's shape, and a refused call never reaches OpenAI")
    class Refusals {

        @Test
        @DisplayName("a model the connexion does not allow is 403 model_not_allowed, not retried")
        void modelNotAllowed() {
            UUID id = connexion("");
            assertThatThrownBy(() -> sdk(member, id).chat().completions().create(chat("gpt-4.1")))
                    .isInstanceOfSatisfying(PermissionDeniedException.class, error -> {
                        assertThat(error.code()).contains("model_not_allowed");
                        assertThat(error.headers().values("x-should-retry")).containsExactly("false");
                    });
            assertThat(openAi.received()).isEmpty();
            assertThat(usages(id)).isEmpty();
        }

        @Test
        @DisplayName("with a budget, a call nothing bounds the output of (no cap, no maxOutputTokens) is 403 model_not_priced")
        void unboundedOutput() {
            String model = "unbounded-" + UUID.randomUUID().toString().substring(0, 8);
            database.sql("insert into openai_model_price (model, input_per_million, cached_input_per_million,"
                    + " output_per_million, effective_from) values ($1, 1, 0.5, 2, now() - interval '1 day')")
                    .bind(0, model).then().block();
            UUID id = connexion("openai_modeles_autorises = '{" + model + "}', openai_limite_cout_mois = 10");
            gateway().post().uri("/chat/completions").header("Authorization", "Bearer " + member)
                    .header("X-Presenca-Connexion", id.toString()).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Bonjour\"}]}")
                    .exchange()
                    .expectStatus().isForbidden()
                    .expectBody().jsonPath("$.error.code").isEqualTo("model_not_priced");
            assertThat(openAi.received()).isEmpty();
            // With a cap in the body, the same call is bounded and goes through.
            gateway().post().uri("/chat/completions").header("Authorization", "Bearer " + member)
                    .header("X-Presenca-Connexion", id.toString()).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(chatBody(model, "")).exchange()
                    .expectStatus().isOk();
        }

        @Test
        @DisplayName("another organisation's connexion is 404 connexion_not_found")
        void otherOrganisation() {
            UUID other = fixtures.connexion(fixtures.organisation("Autre " + UUID.randomUUID()), "reseau");
            assertThatThrownBy(() -> sdk(member, other).chat().completions().create(chat("gpt-4o-mini")))
                    .isInstanceOfSatisfying(NotFoundException.class,
                            error -> assertThat(error.code()).contains("connexion_not_found"));
            assertThat(openAi.received()).isEmpty();
        }

        @Test
        @DisplayName("no credential, or a bad one, is 401 invalid_api_key")
        void badCredential() {
            UUID id = connexion("");
            assertThatThrownBy(() -> sdk("not-a-token", id).chat().completions().create(chat("gpt-4o-mini")))
                    .isInstanceOfSatisfying(UnauthorizedException.class,
                            error -> assertThat(error.code()).contains("invalid_api_key"));
            assertThat(openAi.received()).isEmpty();
        }

        @Test
        @DisplayName("bad bodies, a connexion without a key, a reused idempotency key and unknown paths are 4xx")
        void badRequests() {
            UUID id = connexion("");
            WebTestClient client = gateway();
            client.post().uri("/chat/completions").header("Authorization", "Bearer " + member)
                    .header("X-Presenca-Connexion", id.toString()).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{not json").exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().valueEquals("x-should-retry", "false")
                    .expectBody().jsonPath("$.error.code").isEqualTo("invalid_request_error");
            client.post().uri("/chat/completions").header("Authorization", "Bearer " + member)
                    .header("X-Presenca-Connexion", id.toString()).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"messages\":[]}").exchange()
                    .expectStatus().isBadRequest();
            client.post().uri("/chat/completions").header("Authorization", "Bearer " + member)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(chatBody("gpt-4o-mini", "")).exchange()
                    .expectStatus().isBadRequest();
            client.post().uri("/images/generations").header("Authorization", "Bearer " + member)
                    .header("X-Presenca-Connexion", id.toString()).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{}").exchange()
                    .expectStatus().isNotFound()
                    .expectBody().jsonPath("$.error.code").isEqualTo("unknown_url");

            String oversized = chatBody("gpt-4o-mini", ",\"user\":\"" + "x".repeat(GATEWAY_MAX_BODY_BYTES) + "\"");
            client.post().uri("/chat/completions").header("Authorization", "Bearer " + member)
                    .header("X-Presenca-Connexion", id.toString()).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(oversized).exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.error.code").isEqualTo("invalid_request_error");

            UUID keyless = fixtures.connexion(organisation, "reseau");
            fixtures.update(keyless, "openai_modeles_autorises = '{gpt-4o-mini}'");
            client.post().uri("/chat/completions").header("Authorization", "Bearer " + member)
                    .header("X-Presenca-Connexion", keyless.toString()).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(chatBody("gpt-4o-mini", "")).exchange()
                    .expectStatus().isEqualTo(409)
                    .expectBody().jsonPath("$.error.code").isEqualTo("connexion_has_no_api_key");

            for (int attempt = 0; attempt < 2; attempt++) {
                client.post().uri("/chat/completions").header("Authorization", "Bearer " + member)
                        .header("X-Presenca-Connexion", id.toString()).header("Idempotency-Key", "same-call")
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(chatBody("gpt-4o-mini", "")).exchange()
                        .expectStatus().isEqualTo(attempt == 0 ? 200 : 409)
                        .expectBody().returnResult();
            }
            assertThat(openAi.received()).hasSize(1);
            assertThat(usages(id)).hasSize(1);
        }
    }

    @Nested
    @DisplayName("settles every forwarded call exactly once")
    class Settlement {

        @Test
        @DisplayName("an OpenAI error answer is passed through and costs 0; one about the call changes no status")
        void callErrors() {
            UUID id = connexion("");
            for (var answer : List.of(FakeOpenAi.error(429, "rate_limit_exceeded", "requests", "Rate limit reached"),
                    FakeOpenAi.error(404, "model_not_found", "invalid_request_error", "The model does not exist"),
                    FakeOpenAi.error(500, null, "server_error", "The server had an error"))) {
                openAi.answer(request -> answer);
                gateway().post().uri("/chat/completions").header("Authorization", "Bearer " + member)
                        .header("X-Presenca-Connexion", id.toString()).contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(chatBody("gpt-4o-mini", "")).exchange()
                        .expectStatus().isEqualTo(answer.getCode())
                        .expectBody().returnResult(); // read to its end: the call is settled by then
            }
            assertThat(usages(id)).hasSize(3).allSatisfy(usage -> {
                assertThat(usage.cost()).isEqualByComparingTo("0");
                assertThat(usage.reservationState()).isEqualTo("settled");
            });
            assertThat(column(id, "openai_statut_connexion")).isEqualTo("active");
            assertThat(column(id, "openai_usage_quotidien")).isEqualTo("3");
        }

        @Test
        @DisplayName("a call OpenAI never answers is 504 upstream_timeout and charged its hold")
        void upstreamTimeout() {
            UUID id = connexion("");
            openAi.answer(request -> FakeOpenAi.hang());
            gateway().post().uri("/chat/completions").header("Authorization", "Bearer " + member)
                    .header("X-Presenca-Connexion", id.toString()).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(chatBody("gpt-4o-mini", "")).exchange()
                    .expectStatus().isEqualTo(504)
                    .expectBody().jsonPath("$.error.code").isEqualTo("upstream_timeout");
            assertThat(usages(id)).singleElement().satisfies(usage -> {
                assertThat(usage.output()).isEqualTo(100);
                assertThat(usage.input()).isPositive();
                assertThat(usage.reservationState()).isEqualTo("settled");
            });
            assertThat(openHolds(id)).isZero();
        }

        @Test
        @DisplayName("a stream OpenAI cuts before its usage is charged its hold; after its usage, the usage")
        void upstreamCut() {
            UUID id = connexion("");
            openAi.answer(request -> FakeOpenAi.eventStream(FakeOpenAi.chatStreamEvents(request, 50, 4), Integer.MAX_VALUE,
                    new CountDownLatch(0), 2));
            assertThatThrownBy(() -> {
                try (StreamResponse<ChatCompletionChunk> stream = sdk(member, id).chat().completions()
                        .createStreaming(chat("gpt-4o-mini"))) {
                    stream.stream().forEach(chunk -> { });
                }
            }).isInstanceOf(RuntimeException.class);
            eventually(() -> usages(id).size() == 1);
            assertThat(usages(id).get(0).output()).isEqualTo(100);

            UUID after = connexion("");
            openAi.answer(request -> {
                List<String> events = FakeOpenAi.chatStreamEvents(request, 50, 4);
                return FakeOpenAi.eventStream(events, Integer.MAX_VALUE, new CountDownLatch(0), events.size());
            });
            gateway().post().uri("/chat/completions").header("Authorization", "Bearer " + member)
                    .header("X-Presenca-Connexion", after.toString()).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(chatBody("gpt-4o-mini", ",\"stream\":true")).exchange()
                    .returnResult(String.class).getResponseBody().onErrorResume(error -> Flux.empty()).blockLast();
            eventually(() -> usages(after).size() == 1);
            assertThat(usages(after).get(0)).satisfies(usage -> {
                assertThat(usage.input()).isEqualTo(50);
                assertThat(usage.output()).isEqualTo(4);
            });
            assertThat(openHolds(id) + openHolds(after)).isZero();
        }

        @Test
        @DisplayName("a client that gives up before OpenAI answered leaves the call charged its hold")
        void clientGoneBeforeAnswer() {
            UUID id = connexion("");
            openAi.answer(request -> FakeOpenAi.hang());
            OpenAIClient impatient = OpenAIOkHttpClient.builder().baseUrl("http://localhost:" + port + "/openai/v1")
                    .apiKey(member).putHeader("X-Presenca-Connexion", id.toString()).maxRetries(0)
                    .timeout(Duration.ofMillis(500)).build();
            assertThatThrownBy(() -> impatient.chat().completions().create(chat("gpt-4o-mini")))
                    .isInstanceOf(RuntimeException.class);
            eventually(() -> usages(id).size() == 1);
            assertThat(usages(id).get(0)).satisfies(usage -> {
                assertThat(usage.output()).isEqualTo(100);
                assertThat(usage.reservationState()).isEqualTo("settled");
            });
        }

        @Test
        @DisplayName("a client that goes away mid-stream cancels the upstream call, which is charged its hold")
        void clientGone() {
            UUID id = connexion("");
            CountDownLatch never = new CountDownLatch(1);
            openAi.answer(request -> FakeOpenAi.eventStream(FakeOpenAi.chatStreamEvents(request, 50, 4), 2, never,
                    Integer.MAX_VALUE));
            try (StreamResponse<ChatCompletionChunk> stream = sdk(member, id).chat().completions()
                    .createStreaming(chat("gpt-4o-mini"))) {
                assertThat(stream.stream().findFirst()).isPresent();
            }
            eventually(() -> usages(id).size() == 1);
            never.countDown();
            assertThat(usages(id).get(0)).satisfies(usage -> {
                assertThat(usage.output()).isEqualTo(100);
                assertThat(usage.reservationState()).isEqualTo("settled");
            });
        }
    }

    @Nested
    @DisplayName("lets OpenAI's account-wide answers set the status")
    class Status {

        @Test
        @DisplayName("401 invalid_api_key makes the connexion EXPIRED, with lastError, and the next call is refused here")
        void invalidKey() {
            UUID id = connexion("");
            openAi.answer(request -> FakeOpenAi.error(401, "invalid_api_key", "invalid_request_error",
                    "Incorrect API key provided: " + STORED_KEY.substring(0, 12) + "****WXYZ."));
            assertThatThrownBy(() -> sdk(member, id).chat().completions().create(chat("gpt-4o-mini")))
                    .isInstanceOf(UnauthorizedException.class);
            assertThat(column(id, "openai_statut_connexion")).isEqualTo("expired");
            assertThat(column(id, "openai_derniere_erreur")).startsWith("invalid_api_key: Incorrect API key")
                    .doesNotContain(STORED_KEY);
            assertThat(column(id, "openai_audit_log")).contains("expired");
            assertThat(usages(id)).singleElement().satisfies(usage -> assertThat(usage.cost()).isEqualByComparingTo("0"));

            assertThatThrownBy(() -> sdk(member, id).chat().completions().create(chat("gpt-4o-mini")))
                    .isInstanceOfSatisfying(PermissionDeniedException.class,
                            error -> assertThat(error.code()).contains("connexion_expired"));
            assertThat(openAi.received()).hasSize(1);
        }

        @Test
        @DisplayName("429 insufficient_quota makes it QUOTA_EXCEEDED until activated, whatever the daily reset")
        void insufficientQuota() {
            UUID id = connexion("");
            openAi.answer(request -> FakeOpenAi.error(429, null, "insufficient_quota",
                    "You exceeded your current quota, please check your plan and billing details."));
            assertThatThrownBy(() -> sdk(member, id).chat().completions().create(chat("gpt-4o-mini")))
                    .isInstanceOf(RateLimitException.class);
            assertThat(column(id, "openai_statut_connexion")).isEqualTo("quota_exceeded");

            Map<String, Object> denied = api.authorize(member, input("connexionId", id.toString(), "model", "gpt-4o-mini",
                    "idempotencyKey", "after-quota")).block();
            assertThat(denied).containsEntry("allowed", false).containsEntry("reason", "OPENAI_QUOTA_EXCEEDED");
            clock.set(clock.instant().plus(Duration.ofDays(1)));
            try {
                assertThatThrownBy(() -> sdk(member, id).chat().completions().create(chat("gpt-4o-mini")))
                        .isInstanceOfSatisfying(RateLimitException.class,
                                error -> assertThat(error.code()).contains("insufficient_quota"));
            } finally {
                clock.reset();
            }
            assertThat(openAi.received()).hasSize(1);

            api.data(admin, "mutation($id: ID!) { activateConnexion(id: $id) { status } }", Map.of("id", id.toString()),
                    "activateConnexion").block();
            openAi.answer(request -> FakeOpenAi.chat(10, 0, 2));
            assertThat(sdk(member, id).chat().completions().create(chat("gpt-4o-mini")).choices()).hasSize(1);
        }
    }

    @Test
    @DisplayName("counts its calls by endpoint and status and times OpenAI, with no tenant in any label")
    void metrics() {
        UUID id = connexion("");
        sdk(member, id).chat().completions().create(chat("gpt-4o-mini"));
        assertThatThrownBy(() -> sdk(member, id).chat().completions().create(chat("gpt-4.1")))
                .isInstanceOf(PermissionDeniedException.class);
        String scrape = http().get().uri("/actuator/prometheus")
                .header("Authorization", "Bearer " + tokens.serviceRole(UUID.randomUUID()))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(scrape).contains("presenca_gateway_calls_total{endpoint=\"chat/completions\",status=\"200\"}")
                .contains("presenca_gateway_calls_total{endpoint=\"chat/completions\",status=\"403\"}")
                .contains("presenca_gateway_upstream_duration_seconds_count{endpoint=\"chat/completions\",outcome=\"answered\"}")
                .doesNotContain(id.toString()).doesNotContain(organisation.toString()).doesNotContain("gpt-4o-mini");
    }

    @Nested
    @DisplayName("holds its limits under concurrency")
    class Limits {

        @Test
        @DisplayName("a daily limit of N with 3N concurrent calls lets exactly N reach OpenAI")
        void dailyLimit() {
            int limit = 6;
            UUID id = connexion("openai_limite_quotidienne = " + limit);
            openAi.answer(request -> FakeOpenAi.chat(10, 0, 2));
            List<Integer> statuses = Flux.range(0, 3 * limit)
                    .flatMap(i -> status(id, chatBody("gpt-4o-mini", "")), 3 * limit)
                    .collectList().block();
            assertThat(statuses).filteredOn(status -> status == 200).hasSize(limit);
            assertThat(statuses).filteredOn(status -> status == 429).hasSize(2 * limit);
            assertThat(openAi.received()).hasSize(limit);
            assertThat(usages(id)).hasSize(limit);
        }

        @Test
        @DisplayName("a budget that fits K calls' holds lets at most K reach OpenAI, and the total never passes it")
        void monthlyBudget() {
            BigDecimal budget = new BigDecimal("0.0003");
            UUID id = connexion("openai_limite_cout_mois = " + budget.toPlainString());
            openAi.answer(request -> FakeOpenAi.chat(15, 0, 100));
            BigDecimal hold = cost(0, 0, 100); // output alone: every call's hold is more than this
            int fit = budget.divide(hold, 0, java.math.RoundingMode.FLOOR).intValue();
            List<Integer> statuses = Flux.range(0, 12)
                    .flatMap(i -> status(id, chatBody("gpt-4o-mini", "")), 12)
                    .collectList().block();
            assertThat(openAi.received().size()).isPositive().isLessThanOrEqualTo(fit);
            assertThat(statuses).filteredOn(status -> status == 200).hasSize(openAi.received().size());
            assertThat(usages(id).stream().map(Usage::cost).reduce(BigDecimal.ZERO, BigDecimal::add))
                    .isLessThanOrEqualTo(budget);
        }
    }
}
