package fr.presenca.connexion.changelog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The periodic key verification's schedule of changeset 0032: the service's own table, closed to callers' roles. */
@DisplayName("The key verification schema")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyVerificationSchemaTest {

    @FunctionalInterface
    interface Work {
        List<String> run(Connection c) throws Exception;
    }

    private TestDatabase db;
    private String connexion;
    private final UUID admin = UUID.randomUUID();

    @BeforeAll
    void migrateAndSeed() throws Exception {
        db = TestDatabase.create("keyverification");
        db.migrate();
        String organisation = db.single("insert into organisations(name) values ('A') returning organisation_id");
        db.execute("insert into users(users_id, email, organisation_id, admin_presenca) values (?, ?, null, true)", admin,
                "admin@presenca.test");
        connexion = db.single("insert into openai_connexion(organisation_id, client_id) values (?::uuid, gen_random_uuid())"
                + " returning openai_connexion_id", organisation);
        db.execute("insert into openai_key_verification(openai_connexion_id, checked_at, next_check_at, failures)"
                + " values (?::uuid, now(), now() + interval '6 hours', 0)", connexion);
    }

    private List<String> as(UUID sub, String role, Work work) throws Exception {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            TestDatabase.rows(c, "select set_config('request.jwt.claims', ?, true), set_config('role', ?, true)",
                    "{\"sub\":\"" + sub + "\",\"role\":\"" + role + "\"}", role);
            List<String> result = work.run(c);
            c.commit();
            return result;
        }
    }

    @Test
    @DisplayName("service_role reads and writes the schedule; a caller's roles, even a PRESENCA admin's, get permission denied")
    void serviceRoleOnly() throws Exception {
        assertThat(as(UUID.randomUUID(), "service_role", c -> TestDatabase.column(c,
                "update openai_key_verification set failures = 1 returning openai_connexion_id::text"))).containsExactly(connexion);
        for (String role : List.of("authenticated", "anon")) {
            assertThatThrownBy(() -> as(admin, role, c -> TestDatabase.column(c, "select 1 from openai_key_verification")))
                    .as(role).isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
        }
        assertThat(db.single("select relrowsecurity::text from pg_class where relname = 'openai_key_verification'"))
                .isEqualTo("true");
    }

    @Test
    @DisplayName("a next check before the check, or negative failures, are refused; deleting the connexion deletes its schedule")
    void constraints() throws Exception {
        assertThatThrownBy(() -> db.execute("update openai_key_verification set next_check_at = checked_at - interval '1 second'"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23514"));
        assertThatThrownBy(() -> db.execute("update openai_key_verification set failures = -1"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23514"));
        String other = db.single("insert into openai_connexion(organisation_id, client_id) select organisation_id, gen_random_uuid()"
                + " from openai_connexion where openai_connexion_id = ?::uuid returning openai_connexion_id", connexion);
        db.execute("insert into openai_key_verification(openai_connexion_id, checked_at, next_check_at) values (?::uuid, now(), now())", other);
        db.execute("delete from openai_connexion where openai_connexion_id = ?::uuid", other);
        assertThat(db.single("select count(*)::text from openai_key_verification where openai_connexion_id = ?::uuid", other))
                .isEqualTo("0");
    }
}
