package fr.presenca.connexion.changelog;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Behaviour of the migrated schema under Supabase-style request context: in one transaction,
 * {@code set_config('request.jwt.claims', …, true), set_config('role', …, true)}.
 */
@DisplayName("Row-level security and audit triggers under a Supabase-style request context")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IsolationAndAuditTest {

    @FunctionalInterface
    interface Work {
        void run(Connection c) throws Exception;
    }

    private TestDatabase db;
    private String orgA;
    private String orgB;
    private final UUID alice = UUID.randomUUID();   // organisation A
    private final UUID alain = UUID.randomUUID();   // organisation A
    private final UUID bob = UUID.randomUUID();     // organisation B
    private final UUID admin = UUID.randomUUID();   // PRESENCA admin, no organisation
    private final UUID nomad = UUID.randomUUID();   // no organisation
    private final UUID backend = UUID.randomUUID(); // service_role token sub, not a user
    private String a1;
    private String b1;

    @BeforeAll
    void migrateAndSeed() throws Exception {
        db = TestDatabase.create("isolation");
        db.migrate();
        orgA = db.single("insert into organisations(name) values ('A') returning organisation_id");
        orgB = db.single("insert into organisations(name) values ('B') returning organisation_id");
        String user = "insert into users(users_id, email, organisation_id, admin_presenca) values (?, ?, ?::uuid, ?)";
        db.execute(user, alice, "alice@a.test", orgA, false);
        db.execute(user, alain, "alain@a.test", orgA, false);
        db.execute(user, bob, "bob@b.test", orgB, false);
        db.execute(user, admin, "admin@presenca.test", null, true);
        db.execute(user, nomad, "nomad@nowhere.test", null, false);
        a1 = insertAsOwner(orgA);
        insertAsOwner(orgA);
        b1 = insertAsOwner(orgB);
    }

    private String insertAsOwner(String org) throws SQLException {
        return db.single("insert into openai_connexion(organisation_id, client_id, openai_api_key) "
                + "values (?::uuid, gen_random_uuid(), 'sk-test') returning openai_connexion_id", org);
    }

    /** Runs work inside one transaction as the given JWT subject and role, then commits. */
    private void as(UUID sub, String role, Work work) throws Exception {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            requestContext(c, sub, role);
            work.run(c);
            c.commit();
        }
    }

    private static void requestContext(Connection c, UUID sub, String role) throws SQLException {
        TestDatabase.rows(c, "select set_config('request.jwt.claims', ?, true), set_config('role', ?, true)",
                "{\"sub\":\"" + sub + "\",\"role\":\"" + role + "\"}", role);
    }

    private List<String> visibleIds(Connection c) throws SQLException {
        return TestDatabase.column(c, "select openai_connexion_id::text from openai_connexion order by 1");
    }

    private List<String> idsOf(String org) throws SQLException {
        return db.column("select openai_connexion_id::text from openai_connexion where organisation_id = ?::uuid order by 1",
                UUID.fromString(org));
    }

    @Nested
    @DisplayName("openai_connexion isolation")
    class Isolation {

        @Test
        @DisplayName("a user of organisation A sees exactly A's connexions")
        void userSeesOwnOrganisationOnly() throws Exception {
            List<String> expected = idsOf(orgA);
            assertThat(expected).contains(a1);
            as(alice, "authenticated", c -> assertThat(visibleIds(c)).containsExactlyElementsOf(expected));
            as(bob, "authenticated", c -> assertThat(visibleIds(c)).containsExactlyElementsOf(idsOf(orgB)));
        }

        @Test
        @DisplayName("a PRESENCA admin sees every connexion")
        void adminSeesAll() throws Exception {
            List<String> all = db.column("select openai_connexion_id::text from openai_connexion order by 1");
            as(admin, "authenticated", c -> assertThat(visibleIds(c)).containsExactlyElementsOf(all));
        }

        @Test
        @DisplayName("a user without organisation, or an unknown subject, sees none")
        void noOrganisationSeesNone() throws Exception {
            as(nomad, "authenticated", c -> assertThat(visibleIds(c)).isEmpty());
            as(UUID.randomUUID(), "authenticated", c -> assertThat(visibleIds(c)).isEmpty());
        }

        @Test
        @DisplayName("service_role bypasses RLS, as in Supabase")
        void serviceRoleSeesAll() throws Exception {
            List<String> all = db.column("select openai_connexion_id::text from openai_connexion order by 1");
            as(backend, "service_role", c -> assertThat(visibleIds(c)).containsExactlyElementsOf(all));
        }

        @Test
        @DisplayName("anon has no privilege on openai_connexion")
        void anonIsDenied() {
            assertThatThrownBy(() -> as(UUID.randomUUID(), "anon", c -> visibleIds(c)))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"))
                    .hasMessageContaining("permission denied");
        }

        @Test
        @DisplayName("a user of A cannot insert a connexion for B (WITH CHECK)")
        void insertForOtherOrganisationRejected() {
            assertThatThrownBy(() -> as(alice, "authenticated", c -> TestDatabase.column(c,
                    "insert into openai_connexion(organisation_id, client_id) values (?::uuid, gen_random_uuid()) returning 1",
                    UUID.fromString(orgB))))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"))
                    .hasMessageContaining("row-level security policy");
        }

        @Test
        @DisplayName("a user of A can neither touch B's rows nor move a row of A to B")
        void updateAcrossOrganisationsRejected() throws Exception {
            as(alice, "authenticated", c -> {
                assertThat(TestDatabase.column(c, "update openai_connexion set openai_derniere_erreur = 'x' where openai_connexion_id = ?::uuid returning 1",
                        UUID.fromString(b1))).isEmpty();
                assertThat(TestDatabase.column(c, "delete from openai_connexion where openai_connexion_id = ?::uuid returning 1",
                        UUID.fromString(b1))).isEmpty();
            });
            assertThatThrownBy(() -> as(alice, "authenticated", c -> TestDatabase.column(c,
                    "update openai_connexion set organisation_id = ?::uuid where openai_connexion_id = ?::uuid returning 1",
                    UUID.fromString(orgB), UUID.fromString(a1))))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            assertThat(db.single("select organisation_id::text from openai_connexion where openai_connexion_id = ?::uuid", UUID.fromString(a1)))
                    .isEqualTo(orgA);
        }
    }

    @Nested
    @DisplayName("audit triggers")
    class Audit {

        @Test
        @DisplayName("the insert trigger records the caller as creator and modifier, at the transaction time")
        void insertRecordsCaller() throws Exception {
            as(alice, "authenticated", c -> assertThat(TestDatabase.rows(c, """
                    insert into openai_connexion(organisation_id, client_id, openai_created_by, openai_updated_by,
                                                 openai_created_at, openai_updated_at)
                    values (?::uuid, gen_random_uuid(), ?, ?, '2000-01-01', '2000-01-01')
                    returning openai_created_by::text, openai_updated_by::text,
                              (openai_created_at = now())::text, (openai_updated_at = now())::text""",
                    UUID.fromString(orgA), bob, bob).get(0))
                    .containsExactly(alice.toString(), alice.toString(), "true", "true"));
        }

        @Test
        @DisplayName("the update trigger sets the modifier, moves updated_at and keeps the creation fields")
        void updateRecordsModifier() throws Exception {
            String[] id = new String[1];
            String[] before = new String[3];
            as(alice, "authenticated", c -> {
                List<String> r = TestDatabase.rows(c, """
                        insert into openai_connexion(organisation_id, client_id) values (?::uuid, gen_random_uuid())
                        returning openai_connexion_id::text, openai_created_at::text, openai_updated_at::text""",
                        UUID.fromString(orgA)).get(0);
                id[0] = r.get(0);
                before[1] = r.get(1);
                before[2] = r.get(2);
            });
            as(alain, "authenticated", c -> assertThat(TestDatabase.rows(c, """
                    update openai_connexion
                       set openai_derniere_erreur = 'rate limited', openai_created_by = ?, openai_created_at = '2000-01-01',
                           openai_updated_by = ?, openai_updated_at = '2000-01-01'
                     where openai_connexion_id = ?::uuid
                    returning openai_created_by::text, openai_created_at::text, openai_updated_by::text,
                              (openai_updated_at = now())::text, (openai_updated_at > ?::timestamptz)::text""",
                    bob, bob, UUID.fromString(id[0]), before[2]).get(0))
                    .containsExactly(alice.toString(), before[1], alain.toString(), "true", "true"));
        }

        @Test
        @DisplayName("a service_role subject that is not a user is recorded as NULL, not an FK failure")
        void serviceRoleSubjectNotAUser() throws Exception {
            String[] id = new String[1];
            as(backend, "service_role", c -> {
                List<String> r = TestDatabase.rows(c, """
                        insert into openai_connexion(organisation_id, client_id) values (?::uuid, gen_random_uuid())
                        returning openai_connexion_id::text, coalesce(openai_created_by::text, 'NULL'), coalesce(openai_updated_by::text, 'NULL')""",
                        UUID.fromString(orgB)).get(0);
                id[0] = r.get(0);
                assertThat(r.subList(1, 3)).containsExactly("NULL", "NULL");
            });
            as(bob, "authenticated", c -> TestDatabase.column(c,
                    "update openai_connexion set openai_actif = false where openai_connexion_id = ?::uuid returning 1", UUID.fromString(id[0])));
            as(backend, "service_role", c -> assertThat(TestDatabase.column(c,
                    "update openai_connexion set openai_actif = true where openai_connexion_id = ?::uuid returning coalesce(openai_updated_by::text, 'NULL')",
                    UUID.fromString(id[0]))).containsExactly("NULL"));
        }

        @Test
        @DisplayName("without claims the inserted creator is kept when it is a user, and the given modifier is kept on update")
        void noClaimsKeepsGivenActors() throws Exception {
            String id = db.single("insert into openai_connexion(organisation_id, client_id, openai_created_by) "
                    + "values (?::uuid, gen_random_uuid(), ?) returning openai_connexion_id", UUID.fromString(orgB), bob);
            assertThat(db.rows("select openai_created_by::text, openai_updated_by::text from openai_connexion where openai_connexion_id = ?::uuid",
                    UUID.fromString(id)).get(0)).containsExactly(bob.toString(), bob.toString());
            db.execute("update openai_connexion set openai_updated_by = ? where openai_connexion_id = ?::uuid", admin, UUID.fromString(id));
            assertThat(db.single("select openai_updated_by::text from openai_connexion where openai_connexion_id = ?::uuid", UUID.fromString(id)))
                    .isEqualTo(admin.toString());
            String unknown = db.single("insert into openai_connexion(organisation_id, client_id, openai_created_by) "
                    + "values (?::uuid, gen_random_uuid(), ?) returning coalesce(openai_created_by::text, 'NULL')", UUID.fromString(orgB), UUID.randomUUID());
            assertThat(unknown).isEqualTo("NULL");
        }
    }

    @Nested
    @DisplayName("request context")
    class RequestContext {

        @Test
        @DisplayName("role and claims are gone after COMMIT and after ROLLBACK")
        void contextIsTransactionLocal() throws Exception {
            try (Connection c = db.connect()) {
                String login = TestDatabase.column(c, "select current_user").get(0);
                for (boolean commit : new boolean[] {true, false}) {
                    c.setAutoCommit(false);
                    requestContext(c, alice, "authenticated");
                    assertThat(TestDatabase.rows(c, "select current_user::text, auth.uid()::text").get(0))
                            .containsExactly("authenticated", alice.toString());
                    if (commit) {
                        c.commit();
                    } else {
                        c.rollback();
                    }
                    c.setAutoCommit(true);
                    assertThat(TestDatabase.rows(c, "select current_user::text, coalesce(auth.uid()::text, 'NULL')").get(0))
                            .as(commit ? "after COMMIT" : "after ROLLBACK")
                            .containsExactly(login, "NULL");
                }
            }
        }

        @Test
        @DisplayName("role and claims are gone after a failed transaction")
        void contextGoneAfterError() throws Exception {
            try (Connection c = db.connect()) {
                c.setAutoCommit(false);
                requestContext(c, alice, "authenticated");
                assertThatThrownBy(() -> TestDatabase.column(c, "insert into openai_connexion(organisation_id, client_id) "
                        + "values (?::uuid, gen_random_uuid()) returning 1", UUID.fromString(orgB))).isInstanceOf(SQLException.class);
                c.rollback();
                assertThat(TestDatabase.rows(c, "select current_user::text, coalesce(auth.uid()::text, 'NULL')").get(0))
                        .containsExactly("postgres", "NULL");
            }
        }
    }

    @Nested
    @DisplayName("directory isolation")
    class Directory {

        private List<String> names(Connection c) throws SQLException {
            return TestDatabase.column(c, "select name from organisations order by name");
        }

        private List<String> emails(Connection c) throws SQLException {
            return TestDatabase.column(c, "select email from users order by email");
        }

        @Test
        @DisplayName("a user reads their organisation and its users only")
        void userReadsOwnOrganisation() throws Exception {
            as(alice, "authenticated", c -> {
                assertThat(names(c)).containsExactly("A");
                assertThat(emails(c)).containsExactly("alain@a.test", "alice@a.test");
            });
        }

        @Test
        @DisplayName("a user without organisation reads only themselves")
        void nomadReadsThemselves() throws Exception {
            as(nomad, "authenticated", c -> {
                assertThat(names(c)).isEmpty();
                assertThat(emails(c)).containsExactly("nomad@nowhere.test");
            });
        }

        @Test
        @DisplayName("an admin reads every organisation and user")
        void adminReadsAll() throws Exception {
            List<String> allOrgs = db.column("select name from organisations order by name");
            List<String> allUsers = db.column("select email from users order by email");
            as(admin, "authenticated", c -> {
                assertThat(names(c)).containsExactlyElementsOf(allOrgs);
                assertThat(emails(c)).containsExactlyElementsOf(allUsers);
            });
        }

        @Test
        @DisplayName("only admins and service_role write the directory")
        void onlyAdminsWriteDirectory() throws Exception {
            assertThatThrownBy(() -> as(alice, "authenticated", c ->
                    TestDatabase.column(c, "insert into organisations(name) values ('C') returning 1")))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            assertThatThrownBy(() -> as(alice, "authenticated", c ->
                    TestDatabase.column(c, "insert into users(email) values ('eve@a.test') returning 1")))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            try (Connection c = db.connect()) {
                c.setAutoCommit(false);
                requestContext(c, admin, "authenticated");
                assertThat(TestDatabase.column(c, "insert into organisations(name) values ('C') returning name")).containsExactly("C");
                c.rollback();
            }
            try (Connection c = db.connect()) {
                c.setAutoCommit(false);
                requestContext(c, backend, "service_role");
                assertThat(TestDatabase.column(c, "insert into organisations(name) values ('C') returning name")).containsExactly("C");
                c.rollback();
            }
        }
    }
}
