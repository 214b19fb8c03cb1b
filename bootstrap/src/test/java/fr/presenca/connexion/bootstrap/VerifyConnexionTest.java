package fr.presenca.connexion.bootstrap;

import static fr.presenca.connexion.bootstrap.MeteringClient.onlyError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** verifyConnexion over GraphQL against the fake OpenAI (a real HTTP server answering GET /models as OpenAI does). */
@DisplayName("verifyConnexion")
@ExtendWith(OutputCaptureExtension.class)
class VerifyConnexionTest extends IntegrationTest {

    private static final String STORED_KEY = "sk-proj-verifytest0123456789abcdefWXYZ";
    private static final String SET_KEY = "mutation($id: ID!, $key: String!) { setApiKey(id: $id, apiKey: $key) { hasApiKey } }";
    private static final String VERIFY = "mutation($id: ID!) { verifyConnexion(id: $id) { status active lastSyncAt lastError auditLog } }";

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
        organisation = fixtures.organisation("Agence Vérif " + UUID.randomUUID());
        member = tokens.authenticated(fixtures.user(organisation, false));
        admin = tokens.authenticated(fixtures.user(null, true));
    }

    @AfterEach
    void nothingSecretLogged(CapturedOutput output) {
        openAi.reset();
        assertThat(output.getAll()).doesNotContain(STORED_KEY);
    }

    private UUID connexion(String assignments) {
        UUID id = fixtures.connexion(organisation, "reseau");
        fixtures.update(id, "openai_organisation_id = 'org-verify'");
        assertThat(api.data(admin, SET_KEY, Map.of("id", id.toString(), "key", STORED_KEY), "setApiKey").block())
                .containsEntry("hasApiKey", true);
        if (!assignments.isEmpty()) {
            fixtures.update(id, assignments);
        }
        return id;
    }

    private Map<String, Object> verify(UUID id) {
        return api.data(member, VERIFY, Map.of("id", id.toString()), "verifyConnexion").block();
    }

    private String column(UUID id, String column) {
        return database.sql("select " + column + "::text from openai_connexion where openai_connexion_id = $1")
                .bind(0, id).map(row -> row.get(0, String.class)).one().block();
    }

    @Test
    @DisplayName("an accepted key sets lastSyncAt and lifts EXPIRED set from OpenAI's answer to ACTIVE, journalled")
    void accepted() {
        UUID id = connexion("openai_statut_connexion = 'expired', openai_actif = true, openai_derniere_erreur = 'invalid_api_key: old'");
        openAi.answer(request -> FakeOpenAi.json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o-mini\",\"object\":\"model\"}]}"));

        Map<String, Object> verified = verify(id);

        assertThat(verified).containsEntry("status", "ACTIVE").containsEntry("lastError", null);
        assertThat(verified.get("lastSyncAt")).isNotNull();
        assertThat(verified.get("auditLog").toString()).contains("synced");
        RecordedRequest check = openAi.received().get(0);
        assertThat(check.getMethod()).isEqualTo("GET");
        assertThat(check.getUrl().encodedPath()).isEqualTo("/v1/models");
        assertThat(check.getHeaders().get("Authorization")).isEqualTo("Bearer " + STORED_KEY);
        assertThat(check.getHeaders().get("OpenAI-Organization")).isEqualTo("org-verify");
        assertThat(column(id, "openai_derniere_synchro")).isNotNull();
    }

    @Test
    @DisplayName("401 invalid_api_key answers the connexion EXPIRED with OpenAI's message in lastError (not an error)")
    void invalidKey() {
        UUID id = connexion("");
        openAi.answer(request -> FakeOpenAi.error(401, "invalid_api_key", "invalid_request_error",
                "Incorrect API key provided: " + STORED_KEY.substring(0, 10) + "****WXYZ."));

        Map<String, Object> verified = verify(id);

        assertThat(verified).containsEntry("status", "EXPIRED").containsEntry("lastSyncAt", null);
        assertThat((String) verified.get("lastError")).startsWith("invalid_api_key: Incorrect API key");
        assertThat(verified.get("auditLog").toString()).contains("expired");
        assertThat(column(id, "openai_statut_connexion")).isEqualTo("expired");
    }

    @Test
    @DisplayName("429 insufficient_quota answers it QUOTA_EXCEEDED from OpenAI; a later accepted check lifts it")
    void insufficientQuota() {
        UUID id = connexion("");
        openAi.answer(request -> FakeOpenAi.error(429, "insufficient_quota", "insufficient_quota", "You exceeded your current quota."));

        assertThat(verify(id)).containsEntry("status", "QUOTA_EXCEEDED").containsEntry("lastError",
                "insufficient_quota: You exceeded your current quota.");

        openAi.answer(request -> FakeOpenAi.json(200, "{\"object\":\"list\",\"data\":[]}"));
        assertThat(verify(id)).containsEntry("status", "ACTIVE").containsEntry("lastError", null);
    }

    @Test
    @DisplayName("OpenAI out of time is UNAVAILABLE and changes nothing")
    void timeout() {
        UUID id = connexion("");
        String before = column(id, "row(openai_statut_connexion, openai_derniere_erreur, openai_derniere_synchro, openai_audit_log)");
        openAi.answer(request -> FakeOpenAi.hang());

        assertThat(onlyError(api.call(member, VERIFY, Map.of("id", id.toString())).block())).containsEntry("code", "UNAVAILABLE");
        assertThat(column(id, "row(openai_statut_connexion, openai_derniere_erreur, openai_derniere_synchro, openai_audit_log)"))
                .isEqualTo(before);
    }

    @Test
    @DisplayName("a refusal about something else than the account (a restricted key's missing scope) changes nothing")
    void missingScope() {
        UUID id = connexion("");
        openAi.answer(request -> FakeOpenAi.error(401, null, "invalid_request_error", "You have insufficient permissions: Missing scopes: api.model.read."));
        assertThat(verify(id)).containsEntry("status", "ACTIVE").containsEntry("lastError", null).containsEntry("lastSyncAt", null);
    }

    @Test
    @DisplayName("no stored key is BAD_REQUEST on apiKey, without calling OpenAI; a connexion of another organisation is NOT_FOUND")
    void noKeyOrNotVisible() {
        UUID id = fixtures.connexion(organisation, "reseau");
        assertThat(onlyError(api.call(member, VERIFY, Map.of("id", id.toString())).block()))
                .containsEntry("code", "BAD_REQUEST").containsEntry("field", "apiKey");
        String outsider = tokens.authenticated(fixtures.user(fixtures.organisation("Autre " + UUID.randomUUID()), false));
        assertThat(onlyError(api.call(outsider, VERIFY, Map.of("id", connexion("").toString())).block()))
                .containsEntry("code", "NOT_FOUND");
        assertThat(openAi.received()).isEmpty();
    }
}
