package fr.presenca.connexion.bootstrap;

import static fr.presenca.connexion.bootstrap.MeteringClient.onlyError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.models.Model;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;

/**
 * Gateway keys over real HTTP: created, listed and revoked over GraphQL, used as the API key of the official OpenAI
 * Java SDK (no other header) against the gateway, which forwards to the fake OpenAI.
 */
@DisplayName("Gateway keys")
@ExtendWith(OutputCaptureExtension.class)
class GatewayKeyTest extends IntegrationTest {

    private static final String STORED_KEY = "sk-proj-gatewaykeytest0123456789abcdWXYZ";
    private static final String SET_KEY = "mutation($id: ID!, $key: String!) { setApiKey(id: $id, apiKey: $key) { hasApiKey } }";
    static final String CREATE = "mutation($input: CreateGatewayKeyInput!) { createGatewayKey(input: $input) { key"
            + " gatewayKey { id connexionId name hint createdAt createdBy expiresAt lastUsedAt revokedAt } } }";
    static final String LIST = "query($id: ID!) { gatewayKeys(connexionId: $id) { id connexionId name hint createdAt createdBy"
            + " expiresAt lastUsedAt revokedAt } }";
    static final String REVOKE = "mutation($id: ID!) { revokeGatewayKey(id: $id) { id revokedAt } }";

    private final FakeOpenAi openAi = FakeOpenAi.SHARED;
    private final java.util.List<String> issuedKeys = new java.util.ArrayList<>();
    private Fixtures fixtures;
    private MeteringClient api;
    private UUID organisation;
    private UUID memberId;
    private String member;
    private String admin;

    @BeforeEach
    void setUp() {
        openAi.reset();
        fixtures = new Fixtures(database);
        api = new MeteringClient(port);
        organisation = fixtures.organisation("Agence Clés " + UUID.randomUUID());
        memberId = fixtures.user(organisation, false);
        member = tokens.authenticated(memberId);
        admin = tokens.authenticated(fixtures.user(null, true));
    }

    /** No key text ever reached a log line, and the only answers holding one were their create answers. */
    @AfterEach
    void nothingSecretLogged(CapturedOutput output) {
        openAi.reset();
        assertThat(output.getAll()).doesNotContain(STORED_KEY);
        for (String key : issuedKeys) {
            assertThat(output.getAll()).doesNotContain(key).doesNotContain(key.substring(4, 30));
        }
    }

    private UUID connexion(UUID organisationId) {
        UUID id = fixtures.connexion(organisationId, "reseau");
        fixtures.update(id, "openai_modeles_autorises = '{gpt-4o-mini}'");
        assertThat(api.data(admin, SET_KEY, Map.of("id", id.toString(), "key", STORED_KEY), "setApiKey").block())
                .containsEntry("hasApiKey", true);
        return id;
    }

    /** Creates a key as {@code token}; the whole create answer. */
    private Map<String, Object> create(String token, UUID connexion, String name, String expiresAt) {
        Map<String, Object> input = MeteringClient.input("connexionId", connexion.toString(), "name", name, "expiresAt", expiresAt);
        Map<String, Object> created = api.data(token, CREATE, Map.of("input", input), "createGatewayKey").block();
        issuedKeys.add((String) created.get("key"));
        return created;
    }

    private String key(UUID connexion) {
        return (String) create(member, connexion, "partner CRM", null).get("key");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> gatewayKey(Map<String, Object> created) {
        return (Map<String, Object>) created.get("gatewayKey");
    }

    private OpenAIClient sdk(String apiKey) {
        return OpenAIOkHttpClient.builder().baseUrl("http://localhost:" + port + "/openai/v1").apiKey(apiKey)
                .maxRetries(0).build();
    }

    private static ChatCompletionCreateParams chat() {
        return ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("Bonjour").maxCompletionTokens(50).build();
    }

    private String column(String sql, Object id) {
        return database.sql(sql).bind(0, id).map(row -> row.get(0, String.class)).one().block();
    }

    @Test
    @DisplayName("the official SDK with a gateway key as its API key, and no other header, calls with the key's connexion")
    void sdkWithGatewayKey() {
        UUID id = connexion(organisation);
        String key = key(id);
        assertThat(key).matches("pgk_[0-9A-Za-z]{43}");
        openAi.answer(request -> FakeOpenAi.chat(120, 0, 12));

        ChatCompletion completion = sdk(key).chat().completions().create(chat());
        List<Model> models = sdk(key).models().list().data();

        assertThat(completion.usage().get().promptTokens()).isEqualTo(120);
        assertThat(models).extracting(Model::id).containsExactly("gpt-4o-mini");
        RecordedRequest forwarded = openAi.received().get(0);
        assertThat(forwarded.getHeaders().get("Authorization")).isEqualTo("Bearer " + STORED_KEY);
        assertThat(forwarded.getHeaders().toString()).doesNotContain(key);
        assertThat(column("select count(*)::text from openai_usage_event where openai_connexion_id = $1", id)).isEqualTo("1");
        assertThat(column("select openai_usage_quotidien::text from openai_connexion where openai_connexion_id = $1", id)).isEqualTo("1");
        assertThat(column("select (last_used_at is not null)::text from openai_gateway_key where openai_connexion_id = $1", id))
                .isEqualTo("true");
    }

    @Test
    @DisplayName("the create answer alone holds the key; the list shows its hint, creator and dates; both are journalled")
    @SuppressWarnings("unchecked")
    void createListRevoke() {
        UUID id = connexion(organisation);
        String expiry = Instant.now().plus(Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
        Map<String, Object> created = create(member, id, "  partner CRM  ", expiry);
        String key = (String) created.get("key");
        Map<String, Object> stored = gatewayKey(created);
        assertThat(stored).containsEntry("connexionId", id.toString()).containsEntry("name", "partner CRM")
                .containsEntry("hint", "pgk_…" + key.substring(key.length() - 4)).containsEntry("createdBy", memberId.toString())
                .containsEntry("lastUsedAt", null).containsEntry("revokedAt", null);
        assertThat(Instant.parse((String) stored.get("expiresAt"))).isEqualTo(Instant.parse(expiry));

        Map<String, Object> listed = api.call(admin, LIST, Map.of("id", id.toString())).block();
        assertThat(listed.toString()).doesNotContain(key).doesNotContain(key.substring(4, 40));
        List<Map<String, Object>> keys = (List<Map<String, Object>>) ((Map<String, Object>) listed.get("data")).get("gatewayKeys");
        assertThat(keys).singleElement().isEqualTo(stored);
        assertThat(column("select openai_audit_log::text from openai_connexion where openai_connexion_id = $1", id))
                .contains("gateway_key_created").contains("partner CRM").doesNotContain(key.substring(4));
        assertThat(column("select encode(key_hash, 'hex') from openai_gateway_key where openai_connexion_id = $1", id))
                .hasSize(64).doesNotContain(key.substring(4));

        Map<String, Object> revoked = api.data(member, REVOKE, Map.of("id", stored.get("id")), "revokeGatewayKey").block();
        assertThat(revoked.get("revokedAt")).isNotNull();
        Map<String, Object> again = api.data(member, REVOKE, Map.of("id", stored.get("id")), "revokeGatewayKey").block();
        assertThat(again).isEqualTo(revoked);
        String journal = column("select openai_audit_log::text from openai_connexion where openai_connexion_id = $1", id);
        assertThat(journal.split("gateway_key_revoked", -1)).as("journalled once").hasSize(2);
    }

    @Test
    @DisplayName("a revoked key gets 401 invalid_api_key on its next call, and an expired key too")
    void revokedAndExpired() {
        UUID id = connexion(organisation);
        Map<String, Object> created = create(member, id, "to revoke", null);
        String revokedKey = (String) created.get("key");
        String expiringKey = key(id);
        assertThat(sdk(revokedKey).chat().completions().create(chat()).choices()).hasSize(1);
        assertThat(sdk(expiringKey).chat().completions().create(chat()).choices()).hasSize(1);

        api.data(member, REVOKE, Map.of("id", gatewayKey(created).get("id")), "revokeGatewayKey").block();
        database.sql("update openai_gateway_key set expires_at = now() - interval '1 second' where key_hash = sha256($1::bytea)")
                .bind(0, expiringKey.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).fetch().rowsUpdated().block();

        for (String key : List.of(revokedKey, expiringKey)) {
            assertThatThrownBy(() -> sdk(key).chat().completions().create(chat()))
                    .isInstanceOfSatisfying(UnauthorizedException.class, error -> assertThat(error.code()).contains("invalid_api_key"));
            assertThatThrownBy(() -> sdk(key).models().list())
                    .isInstanceOf(UnauthorizedException.class);
        }
        assertThat(openAi.received()).hasSize(2);
    }

    @Test
    @DisplayName("a key of connexion A never reaches connexion B: a header naming B is 403 connexion_mismatch")
    void scopedToItsConnexion() {
        UUID a = connexion(organisation);
        UUID b = connexion(organisation);
        String keyOfA = key(a);
        OpenAIClient namingB = OpenAIOkHttpClient.builder().baseUrl("http://localhost:" + port + "/openai/v1")
                .apiKey(keyOfA).putHeader("X-Presenca-Connexion", b.toString()).maxRetries(0).build();
        OpenAIClient namingA = OpenAIOkHttpClient.builder().baseUrl("http://localhost:" + port + "/openai/v1")
                .apiKey(keyOfA).putHeader("X-Presenca-Connexion", a.toString()).maxRetries(0).build();

        assertThatThrownBy(() -> namingB.chat().completions().create(chat()))
                .isInstanceOfSatisfying(PermissionDeniedException.class, error -> assertThat(error.code()).contains("connexion_mismatch"));
        assertThat(namingA.chat().completions().create(chat()).choices()).hasSize(1);
        assertThat(column("select count(*)::text from openai_usage_event where openai_connexion_id = $1", b)).isEqualTo("0");
        assertThat(column("select count(*)::text from openai_usage_event where openai_connexion_id = $1", a)).isEqualTo("1");
    }

    @Test
    @DisplayName("a gateway key is no credential on /graphql (401), and a made-up key gets 401 on the gateway")
    void onlyOnTheGateway() {
        UUID id = connexion(organisation);
        String key = key(id);
        http().post().uri("/graphql").header("Authorization", "Bearer " + key).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("query", "{ gatewayKeys(connexionId: \"" + id + "\") { id } }"))
                .exchange().expectStatus().isUnauthorized();
        String madeUp = "pgk_" + "A".repeat(43);
        assertThatThrownBy(() -> sdk(madeUp).chat().completions().create(chat())).isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> sdk("pgk_short").chat().completions().create(chat())).isInstanceOf(UnauthorizedException.class);
        assertThat(openAi.received()).isEmpty();
    }

    @Test
    @DisplayName("only callers who may change the connexion manage its keys; bad input is BAD_REQUEST and creates nothing")
    void whoAndWhat() {
        UUID id = connexion(organisation);
        String outsider = tokens.authenticated(fixtures.user(fixtures.organisation("Autre " + UUID.randomUUID()), false));
        Map<String, Object> input = MeteringClient.input("connexionId", id.toString(), "name", "x");

        assertThat(onlyError(api.call(outsider, CREATE, Map.of("input", input)).block())).containsEntry("code", "NOT_FOUND");
        assertThat(onlyError(api.call(outsider, LIST, Map.of("id", id.toString())).block())).containsEntry("code", "NOT_FOUND");
        Map<String, Object> created = create(admin, id, "by the admin", null);
        assertThat(onlyError(api.call(outsider, REVOKE, Map.of("id", gatewayKey(created).get("id"))).block()))
                .containsEntry("code", "NOT_FOUND");
        assertThat(onlyError(api.call(member, CREATE, Map.of("input", MeteringClient.input("connexionId", id.toString(),
                "name", " "))).block())).containsEntry("code", "BAD_REQUEST").containsEntry("field", "name");
        assertThat(onlyError(api.call(member, CREATE, Map.of("input", MeteringClient.input("connexionId", id.toString(),
                "name", "late", "expiresAt", "2020-01-01T00:00:00Z"))).block()))
                .containsEntry("code", "BAD_REQUEST").containsEntry("field", "expiresAt");
        assertThat(onlyError(api.call(member, CREATE, Map.of("input", MeteringClient.input("connexionId", "nope",
                "name", "x"))).block())).containsEntry("code", "BAD_REQUEST").containsEntry("field", "connexionId");
        assertThat(column("select count(*)::text from openai_gateway_key where openai_connexion_id = $1", id)).isEqualTo("1");
    }
}
