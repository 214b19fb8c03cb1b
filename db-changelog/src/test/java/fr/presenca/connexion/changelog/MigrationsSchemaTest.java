package fr.presenca.connexion.changelog;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Liquibase's tables in presenca_migrations (db/migrations-schema.sql), and anon closed on everything the changelog
 * adds (0040, 0048/0049), on databases with Supabase's default privileges (test resource supabase-project.sql).
 */
@DisplayName("The migrations schema and the objects closed to anon")
class MigrationsSchemaTest {

    /** Changesets in 0040-0049. */
    static final int CHANGESETS = 5;

    private static final String CHANGELOG_ROWS = "select id, author, filename, dateexecuted::text, orderexecuted::text, exectype, "
            + "md5sum, description, comments, liquibase, deployment_id from %s order by orderexecuted, id";

    private static List<String> added(List<String> before, List<String> after) {
        List<String> added = new ArrayList<>(after);
        added.removeAll(before);
        return added;
    }

    private static Map<String, String> asAnon(TestDatabase db, List<String> objects) throws SQLException {
        try (Connection c = db.connect()) {
            return AnonProbe.attempts(c, objects);
        }
    }

    @Nested
    @DisplayName("on a database adopted by a release that kept Liquibase's tables in public")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class AdoptedByEarlierRelease {

        private TestDatabase db;
        private List<String> fixtureObjects;
        private Map<String, String> anonOnPublicChangelog;
        private List<List<String>> changelogBefore;
        private List<List<String>> changelogAfter;

        @BeforeAll
        void upgrade() throws Exception {
            db = TestDatabase.create("upgrade", SupabaseFixture.OWNER);
            db.buildSupabaseFixture();
            fixtureObjects = db.column(AnonProbe.OBJECTS);
            db.migrateAsBeforeMigrationsSchema();
            anonOnPublicChangelog = asAnon(db, List.of("table|public.databasechangelog|id", "table|public.databasechangeloglock|id"));
            // An admin removed a seeded price: were 0024 to run again, it would be back.
            db.execute("delete from openai_model_price where model = 'gpt-4'");
            changelogBefore = db.rows(CHANGELOG_ROWS.formatted("public.databasechangelog"));

            db.migrate();
            changelogAfter = db.rows(CHANGELOG_ROWS.formatted(TestDatabase.CHANGELOG_TABLE));
        }

        @Test
        @DisplayName("before: Supabase's default privileges let anon read and change Liquibase's tables in public")
        void theIssueOnTheEarlierLayout() {
            assertThat(anonOnPublicChangelog)
                    .containsEntry("select * from public.databasechangelog limit 1", "allowed (1 rows)")
                    .containsEntry("update public.databasechangeloglock set id = id", "allowed (1 rows)");
            assertThat(anonOnPublicChangelog.get("delete from public.databasechangelog")).startsWith("allowed (");
            assertThat(changelogBefore).hasSize(29 + MeteringSchemaTest.METERING_CHANGESETS_BEFORE_EXACT_MONEY);
        }

        @Test
        @DisplayName("after: both tables are in presenca_migrations, none is left in public")
        void moved() throws SQLException {
            assertThat(db.column("select c.relnamespace::regnamespace::text || '.' || c.relname from pg_class c "
                    + "where c.relname in ('databasechangelog', 'databasechangeloglock') order by 1"))
                    .containsExactly("presenca_migrations.databasechangelog", "presenca_migrations.databasechangeloglock");
            assertThat(db.single("select count(*)::text from presenca_migrations.databasechangeloglock where not locked"))
                    .isEqualTo("1");
        }

        @Test
        @DisplayName("no changeset ran again: every recorded row is as it was, only new changesets were added")
        void nothingRanAgain() throws SQLException {
            assertThat(changelogAfter).containsAll(changelogBefore);
            List<String> before = changelogBefore.stream().map(r -> r.get(0)).toList();
            assertThat(changelogAfter.stream().filter(r -> !changelogBefore.contains(r)).map(r -> r.get(0)))
                    .doesNotContainAnyElementsOf(before)
                    .contains("0040-close-added-objects-to-anon", "0041-keep-audit-fields-on-api-key-rewrite-trigger")
                    .containsAll(TestDatabase.RUN_ALWAYS);
            assertThat(db.column("select model from openai_model_price where model = 'gpt-4'")).as("0024 not re-run").isEmpty();
        }

        @Test
        @DisplayName("anon can read or change nothing the changelog added, the earlier release's objects included")
        void anonClosed() throws Exception {
            List<String> added = added(fixtureObjects, db.column(AnonProbe.OBJECTS));
            assertThat(added).contains("table|public.openai_reservation|reservation_id",
                    "function|public.openai_held_cost|NULL::uuid, NULL::timestamp with time zone",
                    "table|presenca_migrations.databasechangelog|id");
            assertThat(asAnon(db, added)).isNotEmpty().allSatisfy((attempt, outcome) ->
                    assertThat(outcome).as(attempt).isEqualTo(AnonProbe.DENIED));
        }
    }

    @Nested
    @DisplayName("what changesets added after 0049 create, knowing nothing of anon")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class LaterChangesets {

        private static final List<String> LATER = List.of("table|public.later_ledger|amount", "sequence|public.later_ledger_id_seq|",
                "sequence|public.later_invoice_number|", "read-only view|public.later_totals|total",
                "function|public.later_round|NULL::numeric", "table|later_billing.later_invoice|id");

        private TestDatabase db;

        @BeforeAll
        void migrate() throws Exception {
            db = TestDatabase.create("later", SupabaseFixture.OWNER);
            db.runFixtureScript(SupabaseFixture.PROJECT);
            db.migrate("later/with-later-changesets.yaml");
        }

        @Test
        @DisplayName("is closed to anon (tables, views, sequences, functions, in public and in a new schema)")
        void closedToAnon() throws Exception {
            assertThat(db.column(AnonProbe.OBJECTS)).containsAll(LATER);
            assertThat(asAnon(db, LATER)).hasSize(18).allSatisfy((attempt, outcome) ->
                    assertThat(outcome).as(attempt).isEqualTo(AnonProbe.DENIED));
        }

        @Test
        @DisplayName("keeps what the changeset granted, and what PUBLIC could do goes to authenticated and service_role")
        void othersKeepTheirRights() throws SQLException {
            assertThat(db.column("""
                    select r || ' ' || has_function_privilege(r, 'public.later_round(numeric)', 'EXECUTE')
                           || ' ' || has_table_privilege(r, 'public.later_ledger', 'SELECT')
                           || ' ' || has_table_privilege(r, 'later_billing.later_invoice', 'SELECT')
                      from unnest(array['anon', 'authenticated', 'service_role']) r"""))
                    .containsExactly("anon false false false", "authenticated true true true",
                            "service_role true true true");
        }

        @Test
        @DisplayName("on this new database everything is closed to anon, the seed's tables included, but the helpers the seed grants it")
        void newDatabaseClosedButTheSeedsHelpers() throws Exception {
            List<String> helpers = List.of("function|public.is_admin_presenca|NULL::uuid",
                    "function|public.get_user_organisation_id|NULL::uuid");
            assertThat(asAnon(db, helpers)).allSatisfy((attempt, outcome) ->
                    assertThat(outcome).as(attempt + ": policies for every role call it").isEqualTo("allowed (1 rows)"));
            List<String> others = db.column(AnonProbe.OBJECTS).stream()
                    .filter(o -> !o.startsWith("function|auth.") && !helpers.contains(o))
                    .toList();
            assertThat(others).contains("table|public.openai_connexion|openai_connexion_id", "table|public.users|users_id",
                    "function|public.update_audit_fields_openai_connexion|").hasSizeGreaterThanOrEqualTo(LATER.size() + 20);
            assertThat(asAnon(db, others)).allSatisfy((attempt, outcome) ->
                    assertThat(outcome).as(attempt).isEqualTo(AnonProbe.DENIED));
        }
    }

    @Test
    @DisplayName("after an update that failed half-way, the next one closes what the failed one created")
    void failedUpdateClosedByTheNext() throws Exception {
        TestDatabase db = TestDatabase.create("failed", SupabaseFixture.OWNER);
        db.runFixtureScript(SupabaseFixture.PROJECT);
        assertThatThrownBy(() -> db.migrate("later/with-later-changesets-failing.yaml")).hasStackTraceContaining("division by zero");
        List<String> ledger = List.of("table|public.later_ledger|amount");
        assertThat(asAnon(db, ledger)).as("committed, not closed yet")
                .containsEntry("select * from public.later_ledger limit 1", "allowed (0 rows)");

        db.migrate("later/with-later-changesets.yaml");

        assertThat(asAnon(db, ledger)).allSatisfy((attempt, outcome) -> assertThat(outcome).as(attempt).isEqualTo(AnonProbe.DENIED));
        assertThat(db.column("select to_regclass('presenca_migrations.objects_before_update')::text")).containsOnlyNulls();
    }

    @Test
    @DisplayName("the schema is prepared again at each start, and refuses to guess when public holds a changelog too")
    void refusesTwoChangelogs() throws Exception {
        TestDatabase db = TestDatabase.create("two_changelogs");
        db.migrate();
        db.migrate();
        db.execute("create table public.databasechangelog (id text)");
        try (Connection c = db.connect()) {
            assertThatThrownBy(() -> TestDatabase.prepareMigrationsSchema(c))
                    .hasMessageContaining("both public.databasechangelog and presenca_migrations.databasechangelog exist");
        }
    }
}
