package fr.presenca.connexion.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import fr.presenca.connexion.adapter.out.persistence.ApiKeyCipher;
import fr.presenca.connexion.changelog.AnonProbe;
import fr.presenca.connexion.changelog.SupabaseFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service started, as the README says for an existing database, on one built like PRESENCA's live Supabase
 * project (db-changelog's fixture: Supabase's default privileges, a non-superuser owner, Supabase-style audit
 * triggers, plaintext API keys) where an earlier release's changelog had already run, its tables in public.
 * The database is a new one in the cluster the other integration tests share; the service gets its own context.
 */
@DisplayName("Started on a Supabase project adopted by an earlier release")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SupabaseAdoptionTest extends IntegrationTest {

    private static final String ALICE = "11111111-1111-4111-8111-111111111111";
    private static final String ADMIN = "99999999-9999-4999-8999-999999999999";
    private static final String ROWS = "select openai_connexion_id::text, openai_api_key, (to_jsonb(c) - 'openai_api_key')::text"
            + " from openai_connexion c order by 1";
    private static final String CHANGELOG = "select id, filename, dateexecuted::text, orderexecuted::text, exectype, md5sum,"
            + " deployment_id from %s order by orderexecuted, id";

    @Value("${spring.r2dbc.url}")
    private String sharedR2dbcUrl;

    private String host;
    private String database;
    private List<String> fixtureObjects;
    private List<List<String>> rowsBefore;
    private List<List<String>> changelogBefore;
    private ConfigurableApplicationContext service;

    @BeforeAll
    void startOnTheFixture() throws Exception {
        URI shared = URI.create(sharedR2dbcUrl.substring("r2dbc:".length()));
        host = shared.getHost() + ":" + shared.getPort();
        database = "supabase_live_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection admin = connect("postgres", "postgres"); Statement st = admin.createStatement()) {
            st.execute("create database " + database);
        }
        try (Connection superuser = connect("postgres", database)) {
            SupabaseFixture.build(superuser);
            fixtureObjects = AnonProbe.objects(superuser);
        }
        try (Connection owner = connect(SupabaseFixture.OWNER, database)) {
            SupabaseFixture.runChangelogBeforeMigrationsSchema(owner);
            rowsBefore = rows(owner, ROWS);
            changelogBefore = rows(owner, CHANGELOG.formatted("public.databasechangelog"));
        }

        service = new SpringApplication(OpenAiConnexionApplication.class).run(
                "--server.port=0", "--server.shutdown=immediate",
                "--spring.r2dbc.url=r2dbc:postgresql://" + host + "/" + database,
                "--spring.r2dbc.username=presenca_app", "--spring.r2dbc.password=",
                "--spring.liquibase.user=" + SupabaseFixture.OWNER, "--spring.liquibase.password=",
                "--presenca.jwt.secret=" + JWT_SECRET, "--presenca.encryption.key=" + ENCRYPTION_KEY);
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    private Connection connect(String user, String db) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host + "/" + db + "?user=" + user);
    }

    private static List<List<String>> rows(Connection connection, String sql) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    @Test
    @DisplayName("the plaintext keys are encrypted in place, and every other column stays byte for byte: openai_updated_by and openai_updated_at included")
    void keysEncryptedAuditFieldsKept() throws SQLException {
        assertThat(rowsBefore).hasSize(3);
        assertThat(rowsBefore.get(0).get(2)).contains("\"openai_updated_by\": \"" + ALICE + "\"");
        assertThat(rowsBefore.get(2).get(2)).contains("\"openai_updated_by\": \"" + ADMIN + "\"");
        List<List<String>> after;
        try (Connection superuser = connect("postgres", database)) {
            after = rows(superuser, ROWS);
        }
        ApiKeyCipher cipher = service.getBean(ApiKeyCipher.class);
        assertThat(after).hasSize(3);
        for (int i = 0; i < 3; i++) {
            List<String> before = rowsBefore.get(i);
            List<String> now = after.get(i);
            assertThat(now.get(0)).isEqualTo(before.get(0));
            assertThat(now.get(2)).as("every column but the key, of " + before.get(0)).isEqualTo(before.get(2));
            if (before.get(1) == null) {
                assertThat(now.get(1)).isNull();
            } else {
                assertThat(now.get(1)).startsWith("enc:v1:k1:").doesNotContain(before.get(1));
                assertThat(cipher.decrypt(now.get(1))).isEqualTo(before.get(1));
            }
        }
    }

    @Test
    @DisplayName("Liquibase's tables were moved out of public into presenca_migrations, and no changeset ran again")
    void changelogMovedNothingRanAgain() throws SQLException {
        try (Connection superuser = connect("postgres", database)) {
            assertThat(rows(superuser, "select to_regclass('public.databasechangelog')::text, to_regclass('public.databasechangeloglock')::text"))
                    .containsExactly(java.util.Arrays.asList(null, null));
            List<List<String>> after = rows(superuser, CHANGELOG.formatted("presenca_migrations.databasechangelog"));
            assertThat(after).containsAll(changelogBefore).hasSizeGreaterThan(changelogBefore.size());
            List<String> earlier = changelogBefore.stream().map(r -> r.get(0)).toList();
            assertThat(after.stream().filter(r -> !changelogBefore.contains(r)).map(r -> r.get(0)))
                    .doesNotContainAnyElementsOf(earlier);
        }
    }

    @Test
    @DisplayName("anon can read or change none of the objects the changelog added (select, insert, update, delete, truncate, call each)")
    void anonClosed() throws SQLException {
        try (Connection owner = connect(SupabaseFixture.OWNER, database)) {
            List<String> added = new ArrayList<>(AnonProbe.objects(owner));
            added.removeAll(fixtureObjects);
            assertThat(added).contains("table|presenca_migrations.databasechangelog|id", "table|public.openai_model_price|model",
                    "function|public.keep_audit_fields_on_api_key_rewrite|");
            assertThat(AnonProbe.attempts(owner, added)).isNotEmpty().allSatisfy((attempt, outcome) ->
                    assertThat(outcome).as(attempt).isEqualTo(AnonProbe.DENIED));
        }
    }
}
