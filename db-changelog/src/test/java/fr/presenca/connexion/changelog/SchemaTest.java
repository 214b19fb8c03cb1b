package fr.presenca.connexion.changelog;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The changelog run on an empty database, read back from the catalogs and compared with the
 * Supabase seed documentation (db seed "openai_connexion.md"). Expected values are copied from
 * the seed, not derived from the changelog.
 */
@DisplayName("On an empty database the changelog creates what the seed documents")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemaTest {

    /** One column as PostgreSQL reports it: format_type, NOT NULL, default expression. */
    record Column(String name, String type, boolean notNull, String defaultExpression) {
    }

    /** Seed section 1, in the seed's order; then the additive column. */
    static final List<Column> SEED_COLUMNS = List.of(
            new Column("openai_connexion_id", "uuid", true, "gen_random_uuid()"),
            new Column("organisation_id", "uuid", true, null),
            new Column("client_type", "text", true, "'reseau'::text"),
            new Column("client_id", "uuid", true, null),
            new Column("openai_api_key", "text", false, null),
            new Column("openai_email_compte", "text", false, null),
            new Column("openai_organisation_id", "text", false, null),
            new Column("openai_project_id", "text", false, null),
            new Column("openai_actif", "boolean", true, "true"),
            new Column("openai_date_activation", "timestamp with time zone", true, "now()"),
            new Column("openai_derniere_synchro", "timestamp with time zone", false, null),
            new Column("openai_statut_connexion", "text", true, "'active'::text"),
            new Column("openai_derniere_erreur", "text", false, null),
            new Column("openai_limite_quotidienne", "integer", false, null),
            new Column("openai_usage_quotidien", "integer", false, "0"),
            new Column("openai_reset_quota_at", "timestamp with time zone", false, null),
            new Column("openai_modeles_autorises", "text[]", false, "'{gpt-3.5-turbo,gpt-4}'::text[]"),
            new Column("openai_cout_actuel_mois", "numeric(10,4)", false, "0.0000"),
            new Column("openai_limite_cout_mois", "numeric(10,4)", false, "NULL::numeric"),
            new Column("openai_created_at", "timestamp with time zone", true, "now()"),
            new Column("openai_created_by", "uuid", false, null),
            new Column("openai_updated_at", "timestamp with time zone", true, "now()"),
            new Column("openai_updated_by", "uuid", false, null),
            new Column("openai_audit_log", "jsonb", false, "'{}'::jsonb"),
            new Column("openai_ia_extensions", "jsonb", false, "'{}'::jsonb"));

    static final Column ADDITIVE_COLUMN = new Column("openai_reset_cout_at", "timestamp with time zone", false, null);

    /** Seed section 1 constraints: name, contype, definition as pg_get_constraintdef prints it. */
    static final List<List<String>> SEED_CONSTRAINTS = List.of(
            List.of("openai_connexion_client_type_check", "c",
                    "CHECK ((client_type = ANY (ARRAY['reseau'::text, 'reseau_agence'::text, 'agence_independante'::text])))"),
            List.of("openai_connexion_openai_created_by_fkey", "f",
                    "FOREIGN KEY (openai_created_by) REFERENCES users(users_id) ON DELETE SET NULL"),
            List.of("openai_connexion_openai_statut_connexion_check", "c",
                    "CHECK ((openai_statut_connexion = ANY (ARRAY['active'::text, 'inactive'::text, 'error'::text, 'expired'::text, 'quota_exceeded'::text])))"),
            List.of("openai_connexion_openai_updated_by_fkey", "f",
                    "FOREIGN KEY (openai_updated_by) REFERENCES users(users_id) ON DELETE SET NULL"),
            List.of("openai_connexion_organisation_id_fkey", "f",
                    "FOREIGN KEY (organisation_id) REFERENCES organisations(organisation_id) ON DELETE CASCADE"),
            List.of("openai_connexion_pkey", "p", "PRIMARY KEY (openai_connexion_id)"));

    /** Seed sections 3 and 6: FK name, column, target table.column, delete rule. */
    static final List<List<String>> SEED_FOREIGN_KEYS = List.of(
            List.of("openai_connexion_openai_created_by_fkey", "openai_created_by", "users.users_id", "SET NULL"),
            List.of("openai_connexion_openai_updated_by_fkey", "openai_updated_by", "users.users_id", "SET NULL"),
            List.of("openai_connexion_organisation_id_fkey", "organisation_id", "organisations.organisation_id", "CASCADE"));

    /** Seed section 5: trigger, timing, event, statement. */
    static final List<List<String>> SEED_TRIGGERS = List.of(
            List.of("trg_set_created_audit_fields_openai_connexion", "BEFORE", "INSERT",
                    "EXECUTE FUNCTION set_created_audit_fields_openai_connexion()"),
            List.of("trg_update_audit_fields_openai_connexion", "BEFORE", "UPDATE",
                    "EXECUTE FUNCTION update_audit_fields_openai_connexion()"));

    /** Seed section 7: policy, permissive, roles, cmd, USING, WITH CHECK. */
    static final List<List<String>> SEED_POLICIES = List.of(
            List.of("admin_presenca_full_access_openai_connexion", "PERMISSIVE", "{public}", "ALL",
                    "is_admin_presenca(auth.uid())", "is_admin_presenca(auth.uid())"),
            List.of("organisation_only_access_openai_connexion", "PERMISSIVE", "{public}", "ALL",
                    "(organisation_id = get_user_organisation_id(auth.uid()))",
                    "(organisation_id = get_user_organisation_id(auth.uid()))"));

    private TestDatabase db;

    @BeforeAll
    void migrateEmptyDatabase() throws Exception {
        db = TestDatabase.create("schema");
        db.migrate();
    }

    @Nested
    @DisplayName("openai_connexion")
    class OpenaiConnexionTable {

        @Test
        @DisplayName("has every seed column with its type, nullability and default, then openai_reset_cout_at")
        void columns() throws SQLException {
            List<Column> actual = db.rows("""
                    select a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull::text,
                           pg_get_expr(d.adbin, d.adrelid)
                      from pg_attribute a
                      left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
                     where a.attrelid = 'public.openai_connexion'::regclass and a.attnum > 0 and not a.attisdropped
                     order by a.attnum""").stream()
                    .map(r -> new Column(r.get(0), r.get(1), Boolean.parseBoolean(r.get(2)), r.get(3)))
                    .toList();

            List<Column> expected = new java.util.ArrayList<>(SEED_COLUMNS);
            expected.add(ADDITIVE_COLUMN);
            assertThat(actual).containsExactlyElementsOf(expected);
        }

        @Test
        @DisplayName("stores money as numeric(10,4) and models as a text array (information_schema)")
        void numericAndArrayTypes() throws SQLException {
            assertThat(db.rows("""
                    select column_name, data_type, udt_name, numeric_precision::text, numeric_scale::text
                      from information_schema.columns
                     where table_schema = 'public' and table_name = 'openai_connexion'
                       and column_name in ('openai_cout_actuel_mois', 'openai_limite_cout_mois', 'openai_modeles_autorises')
                     order by column_name"""))
                    .containsExactly(
                            List.of("openai_cout_actuel_mois", "numeric", "numeric", "10", "4"),
                            List.of("openai_limite_cout_mois", "numeric", "numeric", "10", "4"),
                            java.util.Arrays.asList("openai_modeles_autorises", "ARRAY", "_text", null, null));
        }

        @Test
        @DisplayName("has the seed's primary key, CHECK and FK constraints, by name")
        void constraints() throws SQLException {
            assertThat(db.rows("""
                    select conname, contype::text, pg_get_constraintdef(oid)
                      from pg_constraint
                     where conrelid = 'public.openai_connexion'::regclass
                     order by conname"""))
                    .containsExactlyElementsOf(SEED_CONSTRAINTS);
        }

        @Test
        @DisplayName("references organisations (ON DELETE CASCADE) and users (ON DELETE SET NULL)")
        void foreignKeys() throws SQLException {
            assertThat(db.rows("""
                    select rc.constraint_name, kcu.column_name, ccu.table_name || '.' || ccu.column_name, rc.delete_rule
                      from information_schema.referential_constraints rc
                      join information_schema.key_column_usage kcu
                        on kcu.constraint_schema = rc.constraint_schema and kcu.constraint_name = rc.constraint_name
                      join information_schema.constraint_column_usage ccu
                        on ccu.constraint_schema = rc.unique_constraint_schema and ccu.constraint_name = rc.unique_constraint_name
                     where kcu.table_schema = 'public' and kcu.table_name = 'openai_connexion'
                     order by rc.constraint_name"""))
                    .containsExactlyElementsOf(SEED_FOREIGN_KEYS);
        }

        @Test
        @DisplayName("has only the primary key index (seed section 4)")
        void indexes() throws SQLException {
            assertThat(db.rows("select indexname, indexdef from pg_indexes where schemaname = 'public' and tablename = 'openai_connexion'"))
                    .containsExactly(List.of("openai_connexion_pkey",
                            "CREATE UNIQUE INDEX openai_connexion_pkey ON public.openai_connexion USING btree (openai_connexion_id)"));
        }

        @Test
        @DisplayName("rejects a client type or a status outside the seed's lists")
        void checksRejectUnknownValues() throws SQLException {
            String org = db.single("insert into organisations(name) values ('Checks') returning organisation_id");
            String insert = "insert into openai_connexion(organisation_id, client_id, client_type, openai_statut_connexion) values (?::uuid, gen_random_uuid(), ?, ?)";
            for (String type : List.of("reseau", "reseau_agence", "agence_independante")) {
                db.execute(insert, org, type, "active");
            }
            for (String status : List.of("inactive", "error", "expired", "quota_exceeded")) {
                db.execute(insert, org, "reseau", status);
            }
            assertThatThrownBy(() -> db.execute(insert, org, "agence", "active"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("openai_connexion_client_type_check");
            assertThatThrownBy(() -> db.execute(insert, org, "reseau", "paused"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("openai_connexion_openai_statut_connexion_check");
        }

        @Test
        @DisplayName("fills the seed's defaults on a minimal insert")
        void defaults() throws SQLException {
            String org = db.single("insert into organisations(name) values ('Defaults') returning organisation_id");
            assertThat(db.rows("""
                    insert into openai_connexion(organisation_id, client_id) values (?::uuid, gen_random_uuid())
                    returning client_type, openai_actif::text, openai_statut_connexion, openai_usage_quotidien::text,
                              openai_modeles_autorises::text, openai_cout_actuel_mois::text, openai_limite_cout_mois::text,
                              openai_audit_log::text, openai_ia_extensions::text, openai_api_key, openai_reset_cout_at::text""", org))
                    .containsExactly(java.util.Arrays.asList("reseau", "true", "active", "0",
                            "{gpt-3.5-turbo,gpt-4}", "0.0000", null, "{}", "{}", null, null));
        }

        @Test
        @DisplayName("has the two BEFORE audit triggers of seed section 5")
        void triggers() throws SQLException {
            assertThat(db.rows("""
                    select trigger_name, action_timing, event_manipulation, action_statement
                      from information_schema.triggers
                     where event_object_schema = 'public' and event_object_table = 'openai_connexion'
                       and trigger_name not like 'trg_notify_%' and trigger_name not like 'zz_%'
                     order by trigger_name"""))
                    .containsExactlyElementsOf(SEED_TRIGGERS);
            // The service's own additions: change notifications, not counter-only updates (0012); the audit fields
            // kept by the API key rewrite (0041), fired after the seed's audit trigger.
            assertThat(db.rows("""
                    select trigger_name, action_timing, event_manipulation
                      from information_schema.triggers
                     where event_object_table = 'openai_connexion' and (trigger_name like 'trg_notify_%' or trigger_name like 'zz_%')
                     order by trigger_name, event_manipulation"""))
                    .containsExactly(
                            List.of("trg_notify_openai_connexion_insert_delete", "AFTER", "DELETE"),
                            List.of("trg_notify_openai_connexion_insert_delete", "AFTER", "INSERT"),
                            List.of("trg_notify_openai_connexion_update", "AFTER", "UPDATE"),
                            List.of("zz_keep_audit_fields_on_api_key_rewrite", "BEFORE", "UPDATE"));
        }

        @Test
        @DisplayName("has row-level security enabled with the two policies of seed section 7, and the gateway keys' (0031)")
        void rowLevelSecurity() throws SQLException {
            assertThat(db.single("select relrowsecurity::text from pg_class where oid = 'public.openai_connexion'::regclass"))
                    .isEqualTo("true");
            assertThat(db.rows("""
                    select policyname, permissive, roles::text, cmd, qual, with_check
                      from pg_policies
                     where schemaname = 'public' and tablename = 'openai_connexion'
                       and policyname not like 'gateway_key_access_%'
                     order by policyname"""))
                    .containsExactlyElementsOf(SEED_POLICIES);
            assertThat(db.rows("""
                    select policyname, permissive, roles::text, cmd
                      from pg_policies
                     where schemaname = 'public' and tablename = 'openai_connexion'
                       and policyname like 'gateway_key_access_%'"""))
                    .containsExactly(List.of("gateway_key_access_openai_connexion", "PERMISSIVE", "{authenticated}", "ALL"));
        }

        @Test
        @DisplayName("is commented, the additive column included")
        void comments() throws SQLException {
            assertThat(db.single("select obj_description('public.openai_connexion'::regclass, 'pg_class')")).isNotBlank();
            assertThat(db.column("""
                    select a.attname from pg_attribute a
                     where a.attrelid = 'public.openai_connexion'::regclass and a.attnum > 0 and not a.attisdropped
                       and col_description(a.attrelid, a.attnum) is null""")).isEmpty();
            assertThat(db.single("select col_description('public.openai_connexion'::regclass, "
                    + "(select attnum from pg_attribute where attrelid = 'public.openai_connexion'::regclass and attname = 'openai_reset_cout_at'))"))
                    .contains("monthly cost");
        }
    }

    @Nested
    @DisplayName("functions")
    class Functions {

        @Test
        @DisplayName("the RLS helpers and audit trigger functions are SECURITY DEFINER with a pinned search_path")
        void securityDefinerWithPinnedSearchPath() throws SQLException {
            assertThat(db.rows("""
                    select p.proname, pg_get_function_identity_arguments(p.oid), format_type(p.prorettype, null),
                           p.prosecdef::text, p.provolatile::text, array_to_string(p.proconfig, ';')
                      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                     where n.nspname = 'public'
                     order by p.proname"""))
                    .containsExactly(
                            List.of("get_user_organisation_id", "p_user_id uuid", "uuid", "true", "s", "search_path=public, pg_temp"),
                            List.of("is_admin_presenca", "p_user_id uuid", "boolean", "true", "s", "search_path=public, pg_temp"),
                            // 0041: keeps the audit fields when only the API key's stored form is rewritten
                            List.of("keep_audit_fields_on_api_key_rewrite", "", "trigger", "false", "v", "search_path=public, pg_temp"),
                            // metering (0025): keeps the held totals, which the API roles may only read
                            List.of("keep_held_total", "", "trigger", "true", "v", "search_path=public, pg_temp"),
                            // metering (0028): keeps the daily aggregates, which the API roles may only read
                            List.of("keep_usage_daily", "", "trigger", "true", "v", "search_path=public, pg_temp"),
                            // change notifications (0012): SECURITY INVOKER, runs as whoever changed the row
                            List.of("notify_openai_connexion_change", "", "trigger", "false", "v", "search_path=public, pg_temp"),
                            // metering (0022): SECURITY INVOKER, VOLATILE for a fresh snapshot after the row lock
                            List.of("openai_authorization_by_key", "p_connexion_id uuid, p_idempotency_key text", "openai_authorization", "false", "v", "search_path=public, pg_temp"),
                            // gateway keys (0031): the key's connexion for the policies, and a call's first read
                            List.of("openai_gateway_key_connexion", "", "uuid", "true", "s", "search_path=public, pg_temp"),
                            List.of("openai_gateway_key_use", "", "uuid", "true", "v", "search_path=public, pg_temp"),
                            List.of("openai_held_cost", "p_connexion_id uuid, p_at timestamp with time zone", "numeric", "false", "v", "search_path=public, pg_temp"),
                            List.of("openai_month_cost_of", "p_connexion_id uuid", "openai_month_cost", "false", "v", "search_path=public, pg_temp"),
                            List.of("openai_reservation_of", "p_connexion_id uuid, p_reservation_id uuid", "openai_reservation", "false", "v", "search_path=public, pg_temp"),
                            List.of("openai_usage_event_by_key", "p_connexion_id uuid, p_idempotency_key text", "openai_usage_event", "false", "v", "search_path=public, pg_temp"),
                            List.of("set_created_audit_fields_openai_connexion", "", "trigger", "true", "v", "search_path=public, pg_temp"),
                            // metering (0020): copies the connexion's organisation onto metering rows at insert
                            List.of("set_metering_organisation", "", "trigger", "true", "v", "search_path=public, pg_temp"),
                            // metering (0026): the day of an event inserted without one
                            List.of("set_usage_day", "", "trigger", "false", "v", "search_path=public, pg_temp"),
                            List.of("update_audit_fields_openai_connexion", "", "trigger", "true", "v", "search_path=public, pg_temp"));
        }

        @Test
        @DisplayName("the RLS helpers are executable by the API roles, not by PUBLIC")
        void helperPrivileges() throws SQLException {
            for (String fn : List.of("public.is_admin_presenca(uuid)", "public.get_user_organisation_id(uuid)")) {
                assertThat(db.column("""
                        select coalesce(nullif(g.grantee::regrole::text, '-'), 'PUBLIC')
                          from pg_proc p, aclexplode(p.proacl) g
                         where p.oid = ?::regprocedure and g.privilege_type = 'EXECUTE' and g.grantee <> p.proowner""", fn))
                        .as(fn).containsExactlyInAnyOrder("anon", "authenticated", "service_role");
            }
        }

        @Test
        @DisplayName("auth.uid(), auth.role() and auth.jwt() exist, STABLE, executable by the API roles")
        void authFunctions() throws SQLException {
            assertThat(db.rows("""
                    select p.proname, format_type(p.prorettype, null), p.provolatile::text,
                           has_function_privilege('anon', p.oid, 'EXECUTE')::text,
                           has_function_privilege('authenticated', p.oid, 'EXECUTE')::text,
                           has_function_privilege('service_role', p.oid, 'EXECUTE')::text
                      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                     where n.nspname = 'auth' order by p.proname"""))
                    .containsExactly(
                            List.of("jwt", "jsonb", "s", "true", "true", "true"),
                            List.of("role", "text", "s", "true", "true", "true"),
                            List.of("uid", "uuid", "s", "true", "true", "true"));
            for (String role : List.of("anon", "authenticated", "service_role")) {
                assertThat(db.single("select has_schema_privilege(?, 'auth', 'USAGE')::text", role)).as(role).isEqualTo("true");
            }
        }

        @Test
        @DisplayName("auth.uid() reads request.jwt.claims or request.jwt.claim.sub, and is NULL without claims")
        void authUid() throws Exception {
            UUID sub = UUID.randomUUID();
            try (var c = db.connect()) {
                assertThat(TestDatabase.column(c, "select auth.uid()::text")).containsExactly((String) null);
                c.setAutoCommit(false);
                assertThat(TestDatabase.rows(c, """
                        select set_config('request.jwt.claims', ?, true), auth.uid()::text, auth.role(), auth.jwt() ->> 'sub'""",
                        "{\"sub\":\"" + sub + "\",\"role\":\"authenticated\"}").get(0).subList(1, 4))
                        .containsExactly(sub.toString(), "authenticated", sub.toString());
                c.commit();
                // after a local setting the GUC reads '' rather than NULL: nullif keeps auth.uid() NULL
                assertThat(TestDatabase.column(c, "select current_setting('request.jwt.claims', true)")).containsExactly("");
                assertThat(TestDatabase.rows(c, "select auth.uid()::text, auth.role(), auth.jwt()::text").get(0))
                        .containsExactly(null, null, null);
                assertThat(TestDatabase.rows(c, "select set_config('request.jwt.claim.sub', ?, true), auth.uid()::text", sub.toString())
                        .get(0).get(1)).isEqualTo(sub.toString());
                c.rollback();
            }
        }
    }

    @Nested
    @DisplayName("directory, roles and grants")
    class DirectoryRolesAndGrants {

        @Test
        @DisplayName("organisations and users have the documented minimal columns")
        void directoryTables() throws SQLException {
            assertThat(db.rows("""
                    select c.table_name, c.column_name, c.data_type, c.is_nullable, c.column_default
                      from information_schema.columns c
                     where c.table_schema = 'public' and c.table_name in ('organisations', 'users')
                     order by c.table_name, c.ordinal_position"""))
                    .containsExactly(
                            java.util.Arrays.asList("organisations", "organisation_id", "uuid", "NO", "gen_random_uuid()"),
                            java.util.Arrays.asList("organisations", "name", "text", "NO", null),
                            java.util.Arrays.asList("organisations", "created_at", "timestamp with time zone", "NO", "now()"),
                            java.util.Arrays.asList("users", "users_id", "uuid", "NO", "gen_random_uuid()"),
                            java.util.Arrays.asList("users", "email", "text", "NO", null),
                            java.util.Arrays.asList("users", "organisation_id", "uuid", "YES", null),
                            java.util.Arrays.asList("users", "admin_presenca", "boolean", "NO", "false"),
                            java.util.Arrays.asList("users", "created_at", "timestamp with time zone", "NO", "now()"));
            assertThat(db.rows("""
                    select conname, pg_get_constraintdef(oid) from pg_constraint
                     where conrelid in ('public.organisations'::regclass, 'public.users'::regclass)
                     order by conrelid::regclass::text, contype, conname"""))
                    .extracting(r -> r.get(1))
                    .containsExactly(
                            "PRIMARY KEY (organisation_id)",
                            "FOREIGN KEY (organisation_id) REFERENCES organisations(organisation_id) ON DELETE SET NULL",
                            "PRIMARY KEY (users_id)",
                            "UNIQUE (email)");
        }

        @Test
        @DisplayName("organisations and users have RLS: admins all, others their own organisation")
        void directoryPolicies() throws SQLException {
            assertThat(db.column("select relname || '=' || relrowsecurity from pg_class where oid in ('public.organisations'::regclass, 'public.users'::regclass) order by relname"))
                    .containsExactly("organisations=true", "users=true");
            assertThat(db.rows("""
                    select tablename, policyname, cmd, qual, with_check from pg_policies
                     where schemaname = 'public' and tablename in ('organisations', 'users') order by tablename, policyname"""))
                    .containsExactly(
                            List.of("organisations", "admin_presenca_full_access_organisations", "ALL",
                                    "is_admin_presenca(auth.uid())", "is_admin_presenca(auth.uid())"),
                            java.util.Arrays.asList("organisations", "organisation_only_read_organisations", "SELECT",
                                    "(organisation_id = get_user_organisation_id(auth.uid()))", null),
                            List.of("users", "admin_presenca_full_access_users", "ALL",
                                    "is_admin_presenca(auth.uid())", "is_admin_presenca(auth.uid())"),
                            java.util.Arrays.asList("users", "organisation_only_read_users", "SELECT",
                                    "((users_id = auth.uid()) OR (organisation_id = get_user_organisation_id(auth.uid())))", null));
        }

        @Test
        @DisplayName("anon, authenticated and service_role exist, NOLOGIN; only service_role bypasses RLS")
        void roles() throws SQLException {
            assertThat(db.rows("""
                    select rolname, rolcanlogin::text, rolbypassrls::text, rolsuper::text from pg_roles
                     where rolname in ('anon', 'authenticated', 'service_role') order by rolname"""))
                    .containsExactly(
                            List.of("anon", "false", "false", "false"),
                            List.of("authenticated", "false", "false", "false"),
                            List.of("service_role", "false", "true", "false"));
        }

        @Test
        @DisplayName("table privileges: authenticated and service_role use openai_connexion, only service_role writes the directory, anon nothing")
        void tablePrivileges() throws SQLException {
            assertThat(db.rows("""
                    select r.rolname, t.relname,
                           has_table_privilege(r.rolname, t.oid, 'SELECT')::text, has_table_privilege(r.rolname, t.oid, 'INSERT')::text,
                           has_table_privilege(r.rolname, t.oid, 'UPDATE')::text, has_table_privilege(r.rolname, t.oid, 'DELETE')::text
                      from pg_roles r cross join pg_class t
                     where r.rolname in ('anon', 'authenticated', 'service_role')
                       and t.oid in ('public.openai_connexion'::regclass, 'public.organisations'::regclass, 'public.users'::regclass)
                     order by r.rolname, t.relname"""))
                    .containsExactly(
                            List.of("anon", "openai_connexion", "false", "false", "false", "false"),
                            List.of("anon", "organisations", "false", "false", "false", "false"),
                            List.of("anon", "users", "false", "false", "false", "false"),
                            List.of("authenticated", "openai_connexion", "true", "true", "true", "true"),
                            List.of("authenticated", "organisations", "true", "true", "true", "true"),
                            List.of("authenticated", "users", "true", "true", "true", "true"),
                            List.of("service_role", "openai_connexion", "true", "true", "true", "true"),
                            List.of("service_role", "organisations", "true", "true", "true", "true"),
                            List.of("service_role", "users", "true", "true", "true", "true"));
            for (String role : List.of("anon", "authenticated", "service_role")) {
                assertThat(db.single("select has_schema_privilege(?, 'public', 'USAGE')::text", role)).as(role).isEqualTo("true");
            }
        }
    }

    @Nested
    @DisplayName("changelog bookkeeping")
    class Bookkeeping {

        @Test
        @DisplayName("every non-role changeset really ran (no precondition misfired), by author openai-connexion")
        void executedNotMarkedRan() throws Exception {
            // Roles are cluster-wide: another test's database may have created them already, so they are left out.
            assertThat(db.rows("select id, author, exectype from " + TestDatabase.CHANGELOG_TABLE + " where id not like '0001-role-%'"
                    + " and id <> '0011-service-login-role' order by orderexecuted"))
                    .allSatisfy(r -> assertThat(r).containsExactly(r.get(0), "openai-connexion", "EXECUTED"))
                    .hasSize(25 + MeteringSchemaTest.METERING_CHANGESETS + MeteringSchemaTest.GATEWAY_CHANGESETS
                + MigrationsSchemaTest.CHANGESETS);
            assertThat(db.column("select distinct filename from " + TestDatabase.CHANGELOG_TABLE + " order by 1"))
                    .allMatch(f -> f.startsWith("db/changelog/0"));
            assertThat(db.pendingChangeSets()).as("only those that run at every update")
                    .containsExactlyElementsOf(TestDatabase.RUN_ALWAYS);
        }
    }
}
