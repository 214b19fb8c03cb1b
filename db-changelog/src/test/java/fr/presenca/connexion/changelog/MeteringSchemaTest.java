package fr.presenca.connexion.changelog;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The metering objects of changesets 0020-0024: tables, seeded prices, row-level security mirroring
 * the seed's, privileges, and the fresh-snapshot functions the atomic statements rely on.
 */
@DisplayName("The metering schema")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MeteringSchemaTest {

    /** Changesets in 0020-0029. */
    static final int METERING_CHANGESETS = 44;
    /**
     * Changesets in 0030-0039: the gateway's additions to the metering tables (0030), its keys (0031) and the periodic
     * key verification's schedule (0032).
     */
    static final int GATEWAY_CHANGESETS = 8;
    /** Changesets in 0020-0025, the release before exact money. */
    static final int METERING_CHANGESETS_BEFORE_EXACT_MONEY = 32;

    /** Names found in every catalog line about a metering object (tables, their columns, policies, functions). */
    static final List<String> METERING_OBJECTS = List.of("openai_model_price", "openai_reservation",
            "openai_authorization", "openai_usage_event", "openai_held_cost", "set_metering_organisation", "openai_held_total",
            "keep_held_total", "openai_month_cost", "openai_usage_daily", "keep_usage_daily", "set_usage_day",
            "openai_gateway_key", "gateway_key_access_", "openai_key_verification");

    @FunctionalInterface
    interface Work {
        List<String> run(Connection c) throws Exception;
    }

    private TestDatabase db;
    private String a1;
    private String b1;
    private final UUID alice = UUID.randomUUID();   // organisation A
    private final UUID bob = UUID.randomUUID();     // organisation B
    private final UUID admin = UUID.randomUUID();   // PRESENCA admin

    @BeforeAll
    void migrateAndSeed() throws Exception {
        db = TestDatabase.create("metering");
        db.migrate();
        String orgA = db.single("insert into organisations(name) values ('A') returning organisation_id");
        String orgB = db.single("insert into organisations(name) values ('B') returning organisation_id");
        String user = "insert into users(users_id, email, organisation_id, admin_presenca) values (?, ?, ?::uuid, ?)";
        db.execute(user, alice, "alice@a.test", orgA, false);
        db.execute(user, bob, "bob@b.test", orgB, false);
        db.execute(user, admin, "admin@presenca.test", null, true);
        a1 = db.single("insert into openai_connexion(organisation_id, client_id) values (?::uuid, gen_random_uuid()) returning openai_connexion_id", orgA);
        b1 = db.single("insert into openai_connexion(organisation_id, client_id) values (?::uuid, gen_random_uuid()) returning openai_connexion_id", orgB);
        for (String connexion : List.of(a1, b1)) {
            db.execute("insert into openai_reservation(openai_connexion_id, model, held_cost, expires_at) values (?::uuid, 'gpt-4o', 0.5, now() + interval '10 minutes')", connexion);
            db.execute("insert into openai_usage_event(openai_connexion_id, model, input_tokens, output_tokens, cost, idempotency_key) values (?::uuid, 'gpt-4o', 10, 20, 0.0003, 'k1')", connexion);
            db.execute("insert into openai_authorization(openai_connexion_id, idempotency_key, model, allowed, denial_reason) values (?::uuid, 'k1', 'gpt-4o', false, 'MODEL_NOT_ALLOWED')", connexion);
        }
    }

    /** Runs work in one transaction as the given subject and role, Supabase-style, then commits. */
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

    private static List<String> connexionsIn(Connection c, String table) throws SQLException {
        return TestDatabase.column(c, "select distinct openai_connexion_id::text from " + table + " order by 1");
    }

    @Test
    @DisplayName("seeds OpenAI list prices per million tokens for the common chat models")
    void seededPrices() throws SQLException {
        assertThat(db.rows("select model, input_per_million::text, output_per_million::text from openai_model_price"
                + " where model in ('gpt-3.5-turbo', 'gpt-4', 'gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.1-mini') order by model"))
                .containsExactly(
                        List.of("gpt-3.5-turbo", "0.500000", "1.500000"),
                        List.of("gpt-4", "30.000000", "60.000000"),
                        List.of("gpt-4.1", "2.000000", "8.000000"),
                        List.of("gpt-4.1-mini", "0.400000", "1.600000"),
                        List.of("gpt-4o", "2.500000", "10.000000"),
                        List.of("gpt-4o-mini", "0.150000", "0.600000"));
    }

    @Test
    @DisplayName("every metering table and column is commented, and RLS is enabled on each table")
    void commentedWithRls() throws SQLException {
        String tables = "'openai_model_price', 'openai_reservation', 'openai_authorization', 'openai_usage_event',"
                + " 'openai_held_total'";
        assertThat(db.column("select relname || '=' || relrowsecurity || '/' || (obj_description(oid, 'pg_class') is not null)"
                + " from pg_class where relnamespace = 'public'::regnamespace and relname in (" + tables + ") order by relname"))
                .containsExactly("openai_authorization=true/true", "openai_held_total=true/true", "openai_model_price=true/true",
                        "openai_reservation=true/true", "openai_usage_event=true/true");
        assertThat(db.column("select a.attrelid::regclass || '.' || a.attname from pg_attribute a join pg_class c on c.oid = a.attrelid"
                + " where c.relname in (" + tables + ") and a.attnum > 0 and not a.attisdropped"
                + " and col_description(a.attrelid, a.attnum) is null")).isEmpty();
    }

    @Test
    @DisplayName("a user sees only its organisation's reservations, decisions, usage and held totals; admins and service_role see all")
    void isolation() throws Exception {
        for (String table : List.of("openai_reservation", "openai_authorization", "openai_usage_event", "openai_held_total")) {
            String all = "select distinct t.openai_connexion_id::text from " + table + " t order by 1";
            String ofOrganisationOf = "select distinct t.openai_connexion_id::text from " + table + " t join openai_connexion c"
                    + " using (openai_connexion_id) where c.organisation_id = (select organisation_id from openai_connexion"
                    + " where openai_connexion_id = ?::uuid) order by 1";
            assertThat(as(alice, "authenticated", c -> connexionsIn(c, table))).as(table)
                    .contains(a1).doesNotContain(b1).containsExactlyElementsOf(db.column(ofOrganisationOf, a1));
            assertThat(as(bob, "authenticated", c -> connexionsIn(c, table))).as(table)
                    .contains(b1).doesNotContain(a1).containsExactlyElementsOf(db.column(ofOrganisationOf, b1));
            assertThat(as(admin, "authenticated", c -> connexionsIn(c, table))).as(table).containsExactlyElementsOf(db.column(all));
            assertThat(as(UUID.randomUUID(), "service_role", c -> connexionsIn(c, table))).as(table).containsExactlyElementsOf(db.column(all));
            assertThatThrownBy(() -> as(UUID.randomUUID(), "anon", c -> connexionsIn(c, table)))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
        }
    }

    @Test
    @DisplayName("a user cannot write a reservation or a usage event for another organisation's connexion")
    void foreignWritesRejected() {
        assertThatThrownBy(() -> as(bob, "authenticated", c -> TestDatabase.column(c,
                "insert into openai_reservation(openai_connexion_id, model, held_cost, expires_at) values (?::uuid, 'gpt-4o', 1, now()) returning 1", a1)))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"))
                .hasMessageContaining("row-level security");
        assertThatThrownBy(() -> as(bob, "authenticated", c -> TestDatabase.column(c,
                "insert into openai_usage_event(openai_connexion_id, model, input_tokens, output_tokens, cost, idempotency_key) values (?::uuid, 'gpt-4o', 1, 1, 0, 'x') returning 1", a1)))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
    }

    @Test
    @DisplayName("every caller reads prices; only admins (and service_role) set them")
    void prices() throws Exception {
        String upsert = "insert into openai_model_price(model, input_per_million, cached_input_per_million, output_per_million,"
                + " effective_from) values ('test-model', 1, 1, 2, '2030-01-01Z')"
                + " on conflict (model, effective_from) do update set input_per_million = excluded.input_per_million returning model";
        assertThat(as(alice, "authenticated", c -> TestDatabase.column(c, "select model from openai_model_price where model = 'gpt-4o'")))
                .containsExactly("gpt-4o");
        assertThatThrownBy(() -> as(alice, "authenticated", c -> TestDatabase.column(c, upsert)))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
        assertThat(as(admin, "authenticated", c -> TestDatabase.column(c, upsert))).containsExactly("test-model");
        // the conflict path (an update) is refused to non-admins too
        assertThatThrownBy(() -> as(alice, "authenticated", c -> TestDatabase.column(c, upsert)))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
        assertThat(as(UUID.randomUUID(), "service_role", c -> TestDatabase.column(c, upsert))).containsExactly("test-model");
    }

    @Test
    @DisplayName("after waiting for the row lock, openai_held_cost sees the hold the previous holder committed; a plain sub-select does not")
    void freshSnapshotAfterTheLock() throws Exception {
        String connexion = db.single("insert into openai_connexion(organisation_id, client_id)"
                + " select organisation_id, gen_random_uuid() from openai_connexion where openai_connexion_id = ?::uuid returning openai_connexion_id", a1);
        try (Connection holder = db.connect(); Connection waiter = db.connect()) {
            holder.setAutoCommit(false);
            TestDatabase.rows(holder, "select 1 from openai_connexion where openai_connexion_id = ?::uuid for update", connexion);
            holder.createStatement().execute("insert into openai_reservation(openai_connexion_id, model, held_cost, expires_at)"
                    + " values ('" + connexion + "', 'gpt-4o', 1.25, now() + interval '10 minutes')");

            waiter.setAutoCommit(false);
            CompletableFuture<List<String>> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return TestDatabase.rows(waiter, """
                            select public.openai_held_cost(l.openai_connexion_id, now())::text,
                                   (select coalesce(sum(r.held_cost), 0) from openai_reservation r
                                     where r.openai_connexion_id = l.openai_connexion_id and r.state = 'held')::text
                              from (select openai_connexion_id from openai_connexion
                                     where openai_connexion_id = ?::uuid for update) l""", connexion).get(0);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            // The waiter must be blocked on the lock before the holder commits: poll PostgreSQL until it says so.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            boolean blocked = false;
            while (!blocked && System.nanoTime() < deadline) {
                blocked = "1".equals(db.single("select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                        + " and query like '%openai_held_cost%' and query not like '%pg_stat_activity%'"));
                if (!blocked) {
                    java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                }
            }
            assertThat(blocked).as("the waiter reached the row lock").isTrue();
            assertThat(waiting).isNotDone();
            holder.commit();
            List<String> seen = waiting.get(10, TimeUnit.SECONDS);
            waiter.commit();
            assertThat(new BigDecimal(seen.get(0))).isEqualByComparingTo("1.25");
            assertThat(new BigDecimal(seen.get(1))).as("a plain sub-select reads the statement's first snapshot").isEqualByComparingTo("0");
        }
    }

    @Test
    @DisplayName("the held total follows every hold, settlement, expiry and deletion; openai_held_cost equals the sum of open holds")
    void heldTotal() throws Exception {
        String orgA = db.single("select organisation_id::text from openai_connexion where openai_connexion_id = ?::uuid", a1);
        String c = db.single("insert into openai_connexion(organisation_id, client_id) values (?::uuid, gen_random_uuid())"
                + " returning openai_connexion_id", orgA);
        String hold = "insert into openai_reservation(openai_connexion_id, model, held_cost, expires_at)"
                + " values (?::uuid, 'gpt-4o', ?, now() + ?::interval) returning reservation_id";
        String kept = db.single(hold, c, new BigDecimal("0.5000"), "10 minutes");
        String settled = db.single(hold, c, new BigDecimal("0.2500"), "10 minutes");
        String deleted = db.single(hold, c, new BigDecimal("1.0000"), "10 minutes");
        String lapsed = db.single(hold, c, new BigDecimal("0.1250"), "-1 minute");
        String total = "select held::text from openai_held_total where openai_connexion_id = ?::uuid";
        String heldCost = "select openai_held_cost(?::uuid, now())::text";
        String sumOfOpenHolds = "select coalesce(sum(held_cost), 0)::text from openai_reservation"
                + " where openai_connexion_id = ?::uuid and state = 'held' and expires_at > now()";

        assertThat(db.single(total, c)).isEqualTo("1.8750");
        assertThat(new BigDecimal(db.single(heldCost, c))).isEqualByComparingTo("1.75").isEqualByComparingTo(db.single(sumOfOpenHolds, c));

        db.execute("update openai_reservation set state = 'settled', settled_at = now() where reservation_id = ?::uuid", settled);
        db.execute("update openai_reservation set state = 'expired' where reservation_id = ?::uuid", lapsed);
        db.execute("update openai_reservation set model = 'gpt-4o-mini' where reservation_id = ?::uuid", kept);
        assertThat(db.single(total, c)).isEqualTo("1.5000");
        assertThat(new BigDecimal(db.single(heldCost, c))).isEqualByComparingTo("1.5").isEqualByComparingTo(db.single(sumOfOpenHolds, c));

        db.execute("delete from openai_reservation where reservation_id = ?::uuid", deleted);
        assertThat(db.single(total, c)).isEqualTo("0.5000");
        assertThat(as(alice, "authenticated", conn -> TestDatabase.column(conn, heldCost, c))).containsExactly("0.5000");
        assertThat(as(bob, "authenticated", conn -> TestDatabase.column(conn, heldCost, c)))
                .as("another organisation sees no total and no holds").containsExactly("0");
        assertThatThrownBy(() -> as(alice, "authenticated", conn -> TestDatabase.column(conn,
                "update openai_held_total set held = 0 where openai_connexion_id = ?::uuid returning 1", c)))
                .as("only the trigger writes totals")
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
    }
}
