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
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adoption of an existing Supabase database (test resource {@code supabase-seed.sql}, built like a Supabase project,
 * default privileges included), the changelog run by the project's non-superuser owner as the service runs it: it
 * succeeds, leaves every existing object and row alone, adds only the additive column and its own objects, closes
 * all of those to anon, keeps its own tables out of public, and a second run changes nothing.
 */
@DisplayName("On an existing Supabase database the changelog adopts what is there")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdoptionTest {

    /** Everything this changelog could touch, one line per object, in a stable order. */
    private static final String CATALOG = """
            select line from (
              select 'function ' || p.oid::regprocedure || E'\\n' || pg_get_functiondef(p.oid)
                     || E'\\nacl=' || coalesce(p.proacl::text, 'default')
                     || E'\\ncomment=' || coalesce(obj_description(p.oid, 'pg_proc'), '-') as line
                from pg_proc p join pg_namespace n on n.oid = p.pronamespace
               where n.nspname in ('public', 'auth')
              union all
              select 'schema ' || n.nspname || ' owner=' || n.nspowner::regrole || ' acl=' || coalesce(n.nspacl::text, 'default')
                     || ' comment=' || coalesce(obj_description(n.oid, 'pg_namespace'), '-')
                from pg_namespace n where n.nspname in ('public', 'auth')
              union all
              select 'relation ' || c.oid::regclass || ' kind=' || c.relkind::text || ' rls=' || c.relrowsecurity
                     || ' force=' || c.relforcerowsecurity || ' acl=' || coalesce(c.relacl::text, 'default')
                     || ' comment=' || coalesce(obj_description(c.oid, 'pg_class'), '-')
                from pg_class c join pg_namespace n on n.oid = c.relnamespace
               where n.nspname = 'public' and c.relname not like 'databasechangelog%'
              union all
              select 'column ' || a.attrelid::regclass || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                     || ' notnull=' || a.attnotnull || ' default=' || coalesce(pg_get_expr(d.adbin, d.adrelid), '-')
                     || ' acl=' || coalesce(a.attacl::text, 'default')
                     || ' comment=' || coalesce(col_description(a.attrelid, a.attnum), '-')
                from pg_attribute a
                join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
                left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
               where n.nspname = 'public' and c.relkind = 'r' and c.relname not like 'databasechangelog%'
                 and a.attnum > 0 and not a.attisdropped
              union all
              select 'constraint ' || co.conrelid::regclass || ' ' || co.conname || ' ' || pg_get_constraintdef(co.oid)
                from pg_constraint co join pg_class c on c.oid = co.conrelid
               where co.connamespace = 'public'::regnamespace and c.relname not like 'databasechangelog%'
              union all
              select 'trigger ' || pg_get_triggerdef(t.oid) || ' enabled=' || t.tgenabled::text
                from pg_trigger t where not t.tgisinternal
              union all
              select 'policy ' || schemaname || '.' || tablename || ' ' || policyname || ' ' || permissive || ' '
                     || roles::text || ' ' || cmd || ' ' || coalesce(qual, '-') || ' ' || coalesce(with_check, '-')
                from pg_policies
              union all
              select 'role ' || rolname || ' login=' || rolcanlogin || ' inherit=' || rolinherit || ' bypassrls=' || rolbypassrls
                from pg_roles where rolname in ('anon', 'authenticated', 'service_role')
            ) s order by line""";

    private static final String ROWS = """
            select 'organisations ' || to_jsonb(o)::text from organisations o
            union all select 'users ' || to_jsonb(u)::text from users u
            union all select 'openai_connexion ' || (to_jsonb(c) - 'openai_reset_cout_at')::text from openai_connexion c
            order by 1""";

    private static final String FUNCTION_DEFINITIONS = """
            select p.oid::regprocedure::text || E'\\n' || pg_get_functiondef(p.oid)
              from pg_proc p join pg_namespace n on n.oid = p.pronamespace
             where n.nspname in ('public', 'auth') order by 1""";

    private static final String CHANGELOG_TABLE = "select id, author, filename, exectype, md5sum, dateexecuted::text, orderexecuted::text "
            + "from " + TestDatabase.CHANGELOG_TABLE + " d order by d.orderexecuted";

    private static final String OWNER = SupabaseFixture.OWNER;

    private TestDatabase db;
    private List<String> pendingBefore;
    private List<String> catalogBefore;
    private List<String> rowsBefore;
    private List<String> functionsBefore;
    private List<String> catalogAfter;
    private List<String> rowsAfter;
    private List<String> functionsAfter;
    private List<List<String>> changelogAfter;
    private List<String> pendingBeforeSecondRun;
    private List<String> catalogAfterSecondRun;
    private List<String> rowsAfterSecondRun;
    private List<List<String>> changelogAfterSecondRun;
    private List<String> objectsBefore;
    private List<String> objectsAfter;

    @BeforeAll
    void adopt() throws Exception {
        db = TestDatabase.create("adoption", OWNER);
        db.buildSupabaseFixture();
        objectsBefore = db.column(AnonProbe.OBJECTS);
        pendingBefore = db.pendingChangeSets();
        catalogBefore = db.column(CATALOG);
        rowsBefore = db.column(ROWS);
        functionsBefore = db.column(FUNCTION_DEFINITIONS);

        db.migrate();
        objectsAfter = db.column(AnonProbe.OBJECTS);
        catalogAfter = db.column(CATALOG);
        rowsAfter = db.column(ROWS);
        functionsAfter = db.column(FUNCTION_DEFINITIONS);
        changelogAfter = db.rows(CHANGELOG_TABLE);

        pendingBeforeSecondRun = db.pendingChangeSets();
        db.migrate();
        catalogAfterSecondRun = db.column(CATALOG);
        rowsAfterSecondRun = db.column(ROWS);
        changelogAfterSecondRun = db.rows(CHANGELOG_TABLE);
    }

    @Test
    @DisplayName("the seed looks like the live database (sanity of the fixture)")
    void seedIsTheLiveShape() throws SQLException {
        assertThat(pendingBefore).hasSize(29 + MeteringSchemaTest.METERING_CHANGESETS + MeteringSchemaTest.GATEWAY_CHANGESETS
                + MigrationsSchemaTest.CHANGESETS);
        assertThat(rowsBefore).hasSize(8).anyMatch(r -> r.contains("sk-proj-LIVEPLAINTEXTKEYatlantique0001"));
        assertThat(catalogBefore).noneMatch(l -> l.contains("openai_reset_cout_at"));
        assertThat(functionsBefore).anyMatch(f -> f.contains("-- live: PRESENCA administrators"))
                .anyMatch(f -> f.contains("NEW.openai_updated_by = auth.uid();"));
        // Supabase's default privileges reached the seed's objects: the fixture grants anon what a project does.
        assertThat(catalogBefore).anyMatch(l -> l.startsWith("relation openai_connexion kind=r rls=true")
                && l.contains("anon=arwdDxtm/" + OWNER));
        assertThat(db.single("select rolsuper::text from pg_roles where rolname = current_user")).isEqualTo("false");
    }

    @Test
    @DisplayName("every creating changeset is marked ran; only the grants, the additive column and the metering objects execute")
    void onlyGrantsAndAdditiveColumnExecute() {
        assertThat(changelogAfter).hasSize(29 + MeteringSchemaTest.METERING_CHANGESETS + MeteringSchemaTest.GATEWAY_CHANGESETS
                + MigrationsSchemaTest.CHANGESETS)
                .allSatisfy(r -> assertThat(r.get(1)).isEqualTo("openai-connexion"));
        // The service's login role is cluster-wide: created here or by another test's database, so left out.
        var perDatabase = changelogAfter.stream().filter(r -> !r.get(0).equals("0011-service-login-role")).toList();
        assertThat(perDatabase.stream().filter(r -> r.get(3).equals("EXECUTED")).map(r -> r.get(0))
                        .filter(id -> !id.startsWith("002")))
                .containsExactly("0048-record-objects-before-update",
                        "0008-grants", "0009-openai-reset-cout-at", "0011-service-login-role-grants",
                        "0012-notify-connexion-change-function", "0012-notify-connexion-insert-delete-trigger",
                        "0012-notify-connexion-update-trigger", "0030-denial-reason-openai-quota-exceeded",
                        "0030-usage-event-upstream-request-id", "0031-gateway-key-table",
                        "0031-gateway-key-connexion-function", "0031-gateway-key-use-function",
                        "0031-gateway-key-scoped-policies", "0031-gateway-key-grants", "0032-key-verification-table",
                        "0040-close-added-objects-to-anon",
                        "0041-keep-audit-fields-on-api-key-rewrite-function",
                        "0041-keep-audit-fields-on-api-key-rewrite-trigger", "0049-close-new-objects-to-anon");
        // The metering tables are new (not in the live database): they are all created.
        assertThat(changelogAfter.stream().filter(r -> r.get(0).startsWith("002")).map(r -> r.get(3)))
                .hasSize(MeteringSchemaTest.METERING_CHANGESETS).containsOnly("EXECUTED");
        assertThat(perDatabase.stream().filter(r -> !r.get(3).equals("EXECUTED")).map(r -> r.get(3)))
                .hasSize(22).containsOnly("MARK_RAN");
    }

    @Test
    @DisplayName("every row survives unchanged, plaintext API keys included")
    void rowsSurvive() throws SQLException {
        assertThat(rowsAfter).containsExactlyElementsOf(rowsBefore);
        assertThat(db.column("select openai_api_key from openai_connexion order by openai_connexion_id"))
                .containsExactly("sk-proj-LIVEPLAINTEXTKEYatlantique0001", null, "sk-test-LIVEPLAINTEXTbretagne0003");
    }

    @Test
    @DisplayName("function bodies are not rewritten (pg_get_functiondef before = after)")
    void functionsNotRewritten() {
        assertThat(withoutMetering(functionsAfter)).containsExactlyElementsOf(functionsBefore);
        assertThat(functionsAfter)
                .anyMatch(f -> f.startsWith("is_admin_presenca(uuid)") && f.contains("-- live: PRESENCA administrators"))
                .anyMatch(f -> f.startsWith("get_user_organisation_id(uuid)") && f.contains("-- live: one organisation per user"))
                .anyMatch(f -> f.startsWith("set_created_audit_fields_openai_connexion()") && f.contains("-- live audit (insert)"))
                .anyMatch(f -> f.startsWith("update_audit_fields_openai_connexion()") && f.contains("-- live audit (update)"))
                .anyMatch(f -> f.startsWith("auth.email()"));
    }

    @Test
    @DisplayName("the only catalog changes are the new nullable, commented openai_reset_cout_at column, the change notifications and the new metering objects")
    void onlyTheAdditiveColumnIsAdded() {
        List<String> added = withoutMetering(catalogAfter);
        added.removeAll(catalogBefore);
        List<String> removed = new ArrayList<>(catalogBefore);
        removed.removeAll(catalogAfter);
        assertThat(removed).isEmpty();
        assertThat(added).singleElement().asString()
                .startsWith("column openai_connexion.openai_reset_cout_at timestamp with time zone notnull=false default=- acl=default comment=When the monthly cost");
        for (String notification : NOTIFICATION_OBJECTS) {
            assertThat(catalogAfter).as(notification).anyMatch(line -> line.contains(notification));
        }
    }

    @Test
    @DisplayName("existing rows get NULL in the new column, and RLS still isolates with the live functions")
    void newColumnUsable() throws Exception {
        assertThat(db.column("select coalesce(openai_reset_cout_at::text, 'NULL') from openai_connexion")).containsOnly("NULL");
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            TestDatabase.rows(c, "select set_config('request.jwt.claims', ?, true), set_config('role', 'authenticated', true)",
                    "{\"sub\":\"11111111-1111-4111-8111-111111111111\",\"role\":\"authenticated\"}");
            assertThat(TestDatabase.column(c, "update openai_connexion set openai_reset_cout_at = date_trunc('month', now()) + interval '1 month' "
                    + "returning openai_connexion_id::text"))
                    .containsExactlyInAnyOrder("c1000000-0000-4000-8000-000000000001", "c1000000-0000-4000-8000-000000000002");
            c.rollback();
        }
    }

    /**
     * Objects the service adds next to the adopted ones: the change notifications of connexions (0012), the audit
     * fields kept by the API key rewrite (0041).
     */
    private static final List<String> NOTIFICATION_OBJECTS = List.of(
            "notify_openai_connexion_change", "trg_notify_openai_connexion_insert_delete",
            "trg_notify_openai_connexion_update", "keep_audit_fields_on_api_key_rewrite");

    private static List<String> withoutMetering(List<String> lines) {
        return new ArrayList<>(lines.stream()
                .filter(line -> MeteringSchemaTest.METERING_OBJECTS.stream().noneMatch(line::contains))
                .filter(line -> NOTIFICATION_OBJECTS.stream().noneMatch(line::contains))
                .toList());
    }

    @Test
    @DisplayName("a second run has nothing pending and changes nothing")
    void secondRunChangesNothing() {
        assertThat(pendingBeforeSecondRun).containsExactlyElementsOf(TestDatabase.RUN_ALWAYS);
        assertThat(withoutRunAlways(changelogAfterSecondRun)).containsExactlyElementsOf(withoutRunAlways(changelogAfter));
        assertThat(catalogAfterSecondRun).containsExactlyElementsOf(catalogAfter);
        assertThat(rowsAfterSecondRun).containsExactlyElementsOf(rowsBefore);
    }

    private static List<List<String>> withoutRunAlways(List<List<String>> changelog) {
        return changelog.stream().filter(r -> !TestDatabase.RUN_ALWAYS.contains(r.get(0))).toList();
    }

    @Test
    @DisplayName("anon can read or change none of the objects the changelog added (tried: select, insert, update, delete, truncate, call)")
    void anonClosedOnAddedObjects() throws Exception {
        List<String> added = new ArrayList<>(objectsAfter);
        added.removeAll(objectsBefore);
        assertThat(added).as("the metering tables and functions, the notifications, the migrations schema's tables")
                .contains("table|public.openai_model_price|model", "table|public.openai_held_total|openai_connexion_id",
                        "function|public.notify_openai_connexion_change|", "function|public.keep_audit_fields_on_api_key_rewrite|",
                        "table|presenca_migrations.databasechangelog|id")
                .hasSizeGreaterThanOrEqualTo(15);
        try (Connection c = db.connect()) {
            assertThat(AnonProbe.attempts(c, added)).isNotEmpty().allSatisfy((attempt, outcome) ->
                    assertThat(outcome).as(attempt).isEqualTo(AnonProbe.DENIED));
        }
    }

    @Test
    @DisplayName("the probe sees what Supabase's default privileges open: anon may select the seed's table (RLS shows it nothing)")
    void probeSeesOpenObjects() throws Exception {
        try (Connection c = db.connect()) {
            assertThat(AnonProbe.attempts(c, List.of("table|public.openai_connexion|openai_connexion_id")))
                    .containsEntry("select * from public.openai_connexion limit 1", "allowed (0 rows)");
        }
    }

    @Test
    @DisplayName("Liquibase's tables are in presenca_migrations, which no API role may use, and not in public")
    void migrationTablesOutsidePublic() throws SQLException {
        assertThat(db.column("select c.relnamespace::regnamespace::text || '.' || c.relname from pg_class c "
                + "where c.relname in ('databasechangelog', 'databasechangeloglock') order by 1"))
                .containsExactly("presenca_migrations.databasechangelog", "presenca_migrations.databasechangeloglock");
        assertThat(db.column("select r || '=' || has_schema_privilege(r, 'presenca_migrations', 'USAGE') "
                + "from unnest(array['anon', 'authenticated', 'service_role', 'public']) r"))
                .containsExactly("anon=false", "authenticated=false", "service_role=false", "public=false");
    }

    @Nested
    @DisplayName("the start-up rewrite of a stored API key, under the seed's Supabase-style update trigger")
    class ApiKeyRewrite {

        private static final String ROW = "c1000000-0000-4000-8000-000000000003";
        private static final String AUDITED = "select openai_api_key, openai_updated_at::text, openai_updated_by::text, "
                + "(to_jsonb(c) - 'openai_api_key')::text from openai_connexion c where openai_connexion_id = ?::uuid";

        private static final String BOB = "22222222-2222-4222-8222-222222222222";

        private List<String> rewrite(String role, String sub, boolean flagged, String set) throws SQLException {
            return rewrite(role, sub, flagged, set, "select 1");
        }

        private List<String> rewrite(String role, String sub, boolean flagged, String set, String setUp) throws SQLException {
            try (Connection c = db.connect()) {
                c.setAutoCommit(false);
                try {
                    try (var st = c.createStatement()) {
                        st.execute(setUp);
                    }
                    TestDatabase.rows(c, "select set_config('role', ?, true), set_config('presenca.api_key_rewrite', ?, true), "
                            + "set_config('request.jwt.claims', ?, true)", role, flagged ? "on" : "",
                            sub == null ? "" : "{\"sub\":\"" + sub + "\",\"role\":\"" + role + "\"}");
                    assertThat(TestDatabase.column(c, "update openai_connexion set " + set
                            + " where openai_connexion_id = ?::uuid returning 1", ROW)).hasSize(1);
                    try (var st = c.createStatement()) {
                        st.execute("reset role");
                    }
                    return TestDatabase.rows(c, AUDITED, ROW).get(0);
                } finally {
                    c.rollback();
                }
            }
        }

        private List<String> before() throws SQLException {
            return db.rows(AUDITED, ROW).get(0);
        }

        @Test
        @DisplayName("as the service's rewrite does it (service_role, flagged): every column but the key stays byte for byte")
        void flaggedRewriteKeepsAuditFields() throws SQLException {
            List<String> before = before();
            assertThat(before.get(2)).as("last edited by the admin").isEqualTo("99999999-9999-4999-8999-999999999999");

            List<String> after = rewrite("service_role", null, true, "openai_api_key = 'enc:v1:k1:rewritten'");

            assertThat(after.get(0)).isEqualTo("enc:v1:k1:rewritten");
            assertThat(after.subList(1, 4)).containsExactlyElementsOf(before.subList(1, 4));
        }

        @Test
        @DisplayName("also after another stamping trigger named the way Lovable names them (update_..._updated_at)")
        void keptAfterAnUpdatedAtTrigger() throws SQLException {
            List<String> before = before();
            List<String> after = rewrite("service_role", null, true, "openai_api_key = 'enc:v1:k1:rewritten'", """
                    create function pg_temp.stamp() returns trigger language plpgsql as $$
                    begin NEW.openai_updated_at = now(); return NEW; end $$;
                    create trigger update_openai_connexion_updated_at before update on public.openai_connexion
                      for each row execute function pg_temp.stamp()""");
            assertThat(after.subList(1, 4)).containsExactlyElementsOf(before.subList(1, 4));
        }

        @Test
        @DisplayName("without the flag, the seed's trigger stamps the update: no caller, so openai_updated_by becomes NULL")
        void unflaggedUpdateIsStamped() throws SQLException {
            List<String> before = before();
            List<String> after = rewrite("service_role", null, false, "openai_api_key = 'enc:v1:k1:rewritten'");
            assertThat(after.get(2)).isNull();
            assertThat(after.get(1)).isNotEqualTo(before.get(1));
        }

        @Test
        @DisplayName("the flag is ignored for another role, and for an update that changes more than the key")
        void flagHonouredOnlyForKeyRewritesOfServiceRole() throws SQLException {
            List<String> before = before();
            List<String> byBob = rewrite("authenticated", BOB, true, "openai_api_key = 'enc:v1:k1:rewritten'");
            assertThat(byBob.get(2)).isEqualTo(BOB);
            assertThat(byBob.get(1)).isNotEqualTo(before.get(1));
            List<String> more = rewrite("service_role", null, true, "openai_api_key = 'enc:v1:k1:x', openai_derniere_erreur = null");
            assertThat(more.get(2)).isNull();
            assertThat(more.get(1)).isNotEqualTo(before.get(1));
        }
    }
}
