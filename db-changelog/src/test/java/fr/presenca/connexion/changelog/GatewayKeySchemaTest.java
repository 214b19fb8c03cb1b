package fr.presenca.connexion.changelog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The gateway keys of changeset 0031: row-level security like the connexion's for users, and for a call made with a
 * key (claims holding only the key's hash) the rows of the key's connexion and of nothing else, refused once the key is
 * revoked or expired at the call's first read.
 */
@DisplayName("The gateway keys schema")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayKeySchemaTest {

    @FunctionalInterface
    interface Work {
        List<String> run(Connection c) throws Exception;
    }

    private TestDatabase db;
    private String a1;
    private String a2;
    private String b1;
    private final UUID alice = UUID.randomUUID();   // organisation A
    private final UUID bob = UUID.randomUUID();     // organisation B
    private final UUID admin = UUID.randomUUID();   // PRESENCA admin
    private final String keyOfA1 = "11".repeat(32);
    private final String revokedKeyOfA1 = "22".repeat(32);
    private final String expiredKeyOfA1 = "33".repeat(32);
    private final String keyOfB1 = "44".repeat(32);

    @BeforeAll
    void migrateAndSeed() throws Exception {
        db = TestDatabase.create("gatewaykeys");
        db.migrate();
        String orgA = db.single("insert into organisations(name) values ('A') returning organisation_id");
        String orgB = db.single("insert into organisations(name) values ('B') returning organisation_id");
        String user = "insert into users(users_id, email, organisation_id, admin_presenca) values (?, ?, ?::uuid, ?)";
        db.execute(user, alice, "alice@a.test", orgA, false);
        db.execute(user, bob, "bob@b.test", orgB, false);
        db.execute(user, admin, "admin@presenca.test", null, true);
        String connexion = "insert into openai_connexion(organisation_id, client_id) values (?::uuid, gen_random_uuid()) returning openai_connexion_id";
        a1 = db.single(connexion, orgA);
        a2 = db.single(connexion, orgA);
        b1 = db.single(connexion, orgB);
        key(a1, keyOfA1, "null", "null");
        key(a1, revokedKeyOfA1, "now()", "null");
        key(a1, expiredKeyOfA1, "null", "now() - interval '1 second'");
        key(b1, keyOfB1, "null", "null");
        for (String c : List.of(a1, a2, b1)) {
            db.execute("insert into openai_reservation(openai_connexion_id, model, held_cost, expires_at) values (?::uuid, 'gpt-4o', 0.5, now() + interval '10 minutes')", c);
            db.execute("insert into openai_usage_event(openai_connexion_id, model, input_tokens, output_tokens, cost, idempotency_key) values (?::uuid, 'gpt-4o', 10, 20, 0.0003, 'k1')", c);
        }
    }

    private void key(String connexion, String hashHex, String revokedAt, String expiresAt) throws SQLException {
        db.execute("insert into openai_gateway_key(gateway_key_id, openai_connexion_id, key_hash, name, hint, revoked_at, expires_at)"
                + " values (gen_random_uuid(), ?::uuid, decode(?, 'hex'), 'partner', 'pgk_…abcd', " + revokedAt + ", " + expiresAt + ")",
                connexion, hashHex);
    }

    private List<String> as(String claims, String role, Work work) throws Exception {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            TestDatabase.rows(c, "select set_config('request.jwt.claims', ?, true), set_config('role', ?, true)", claims, role);
            List<String> result = work.run(c);
            c.commit();
            return result;
        }
    }

    private List<String> asUser(UUID sub, Work work) throws Exception {
        return as("{\"sub\":\"" + sub + "\",\"role\":\"authenticated\"}", "authenticated", work);
    }

    /** A gateway call's claims: a subject that is no user, and the key's hash. */
    private List<String> asKey(String hashHex, Work work) throws Exception {
        return as("{\"sub\":\"" + UUID.randomUUID() + "\",\"role\":\"authenticated\",\"presenca_gateway_key\":\"" + hashHex + "\"}",
                "authenticated", work);
    }

    private static List<String> connexionsIn(Connection c, String table) throws SQLException {
        return TestDatabase.column(c, "select distinct openai_connexion_id::text from " + table + " order by 1");
    }

    @Test
    @DisplayName("a user sees the keys of its organisation's connexions only; admins and service_role see all; anon nothing")
    void userIsolation() throws Exception {
        assertThat(asUser(alice, c -> connexionsIn(c, "openai_gateway_key"))).containsExactly(a1);
        assertThat(asUser(bob, c -> connexionsIn(c, "openai_gateway_key"))).containsExactly(b1);
        assertThat(asUser(admin, c -> connexionsIn(c, "openai_gateway_key"))).containsExactlyInAnyOrder(a1, b1);
        assertThat(as("{\"sub\":\"" + UUID.randomUUID() + "\",\"role\":\"service_role\"}", "service_role",
                c -> connexionsIn(c, "openai_gateway_key"))).containsExactlyInAnyOrder(a1, b1);
        assertThatThrownBy(() -> as("{}", "anon", c -> connexionsIn(c, "openai_gateway_key")))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
    }

    @Test
    @DisplayName("a user cannot create a key for another organisation's connexion, nor rewrite a key's hash")
    void foreignWritesRejected() {
        assertThatThrownBy(() -> asUser(bob, c -> TestDatabase.column(c, "insert into openai_gateway_key(gateway_key_id,"
                + " openai_connexion_id, key_hash, name, hint) values (gen_random_uuid(), ?::uuid, decode(?, 'hex'), 'x', 'pgk_…x')"
                + " returning 1", a1, "55".repeat(32))))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"))
                .hasMessageContaining("row-level security");
        assertThatThrownBy(() -> asUser(alice, c -> TestDatabase.column(c,
                "update openai_gateway_key set key_hash = decode(?, 'hex') returning 1", "66".repeat(32))))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
    }

    @Test
    @DisplayName("a key's calls see its connexion and that connexion's metering rows, and nothing of another connexion")
    void keyScopedToItsConnexion() throws Exception {
        for (String table : List.of("openai_connexion", "openai_reservation", "openai_usage_event", "openai_held_total")) {
            assertThat(asKey(keyOfA1, c -> connexionsIn(c, table))).as(table).containsExactly(a1);
            assertThat(asKey(keyOfB1, c -> connexionsIn(c, table))).as(table).containsExactly(b1);
            assertThat(asKey(HexFormat.of().formatHex(new byte[32]), c -> connexionsIn(c, table))).as(table).isEmpty();
        }
        assertThat(asKey(keyOfA1, c -> connexionsIn(c, "openai_gateway_key"))).isEmpty();
        assertThatThrownBy(() -> asKey(keyOfA1, c -> TestDatabase.column(c, "insert into openai_usage_event(openai_connexion_id,"
                + " model, input_tokens, output_tokens, cost, idempotency_key) values (?::uuid, 'gpt-4o', 1, 1, 0, 'x') returning 1", a2)))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
        assertThat(asKey(keyOfA1, c -> TestDatabase.column(c,
                "update openai_connexion set openai_derniere_erreur = 'x' where openai_connexion_id = ?::uuid returning 1", b1))).isEmpty();
    }

    @Test
    @DisplayName("a call's first read finds the connexion of a valid key only, and notes its use at most once a minute")
    void firstRead() throws Exception {
        String read = "select openai_connexion_id::text from openai_connexion where openai_connexion_id = (select openai_gateway_key_use())";
        assertThat(asKey(keyOfA1, c -> TestDatabase.column(c, read))).containsExactly(a1);
        assertThat(asKey(revokedKeyOfA1, c -> TestDatabase.column(c, read))).isEmpty();
        assertThat(asKey(expiredKeyOfA1, c -> TestDatabase.column(c, read))).isEmpty();
        assertThat(asUser(admin, c -> TestDatabase.column(c, read))).isEmpty();
        String lastUsed = "select last_used_at::text from openai_gateway_key where key_hash = decode(?, 'hex')";
        String first = db.single(lastUsed, keyOfA1);
        assertThat(first).isNotNull();
        asKey(keyOfA1, c -> TestDatabase.column(c, read));
        assertThat(db.single(lastUsed, keyOfA1)).as("not rewritten within the minute").isEqualTo(first);
        db.execute("update openai_gateway_key set last_used_at = now() - interval '61 seconds' where key_hash = decode(?, 'hex')", keyOfA1);
        String old = db.single(lastUsed, keyOfA1);
        asKey(keyOfA1, c -> TestDatabase.column(c, read));
        assertThat(db.single(lastUsed, keyOfA1)).isNotEqualTo(old);
        assertThat(db.single(lastUsed, revokedKeyOfA1)).isNull();
    }
}
