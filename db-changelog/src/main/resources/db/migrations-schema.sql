-- Run by whatever runs the changelog, as the changelog's owner, in one transaction BEFORE Liquibase starts
-- (Liquibase reads its own tables before any changeset, so no changeset can do this). Not a changeset.
--
-- Liquibase's own tables (databasechangelog, databasechangeloglock) live in a schema of their own, which the API
-- roles cannot use: in a Supabase project every table created in public is granted to anon by default, has no RLS,
-- and is served by the REST API, so anyone holding the public anon key could read the changelog, take the lock
-- (blocking the next deploy) or delete changeset rows (making changesets run again).
--
-- Parameters, set transaction-locally by the caller (set_config(..., true)):
--   presenca.migrations_schema   the schema (spring.liquibase.liquibase-schema), e.g. presenca_migrations
--   presenca.migrations_tables   the changelog and lock table names, comma-separated
--
-- Releases before this one kept the tables in public: they are moved with their rows (ALTER TABLE ... SET SCHEMA
-- keeps every row, checksum and execution date), so no changeset runs again. Idempotent: each start re-applies
-- the revokes and moves nothing.
DO $prepare$
DECLARE
  v_schema text := current_setting('presenca.migrations_schema');
  v_tables text[] := string_to_array(lower(current_setting('presenca.migrations_tables')), ',');
  v_table text;
  v_role text;
BEGIN
  IF v_schema IS NULL OR v_schema IN ('', 'public') THEN
    RAISE EXCEPTION 'the changelog tables need a schema of their own, not "%"', coalesce(v_schema, '');
  END IF;
  -- Instances starting together: one prepares, the others wait here, then find everything done.
  PERFORM pg_advisory_xact_lock(hashtext('presenca migrations schema'));
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = v_schema) THEN
    EXECUTE format('CREATE SCHEMA %I', v_schema);
    EXECUTE format('COMMENT ON SCHEMA %I IS %L', v_schema,
        'Liquibase bookkeeping of the openai-connexion changelog; no API role may use it.');
  END IF;
  -- The API roles exist only after the changelog's first changesets on a new database: revoke from those there are.
  EXECUTE format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', v_schema);
  FOR v_role IN SELECT rolname FROM pg_catalog.pg_roles WHERE rolname IN ('anon', 'authenticated', 'service_role') LOOP
    EXECUTE format('REVOKE ALL ON SCHEMA %I FROM %I', v_schema, v_role);
  END LOOP;
  FOREACH v_table IN ARRAY v_tables LOOP
    v_table := btrim(v_table);
    IF to_regclass(format('public.%I', v_table)) IS NOT NULL THEN
      IF to_regclass(format('%I.%I', v_schema, v_table)) IS NOT NULL THEN
        RAISE EXCEPTION 'both public.% and %.% exist: the changelog was run with its tables in public after they had been moved; '
            'keep the one in % (or merge their rows) and drop the other', v_table, v_schema, v_table, v_schema;
      END IF;
      EXECUTE format('ALTER TABLE public.%I SET SCHEMA %I', v_table, v_schema);
    END IF;
    -- Grants given while the table was in public (Supabase's default privileges) go; only the owner keeps rights.
    IF to_regclass(format('%I.%I', v_schema, v_table)) IS NOT NULL THEN
      EXECUTE format('REVOKE ALL ON TABLE %I.%I FROM PUBLIC', v_schema, v_table);
      FOR v_role IN SELECT rolname FROM pg_catalog.pg_roles WHERE rolname IN ('anon', 'authenticated', 'service_role') LOOP
        EXECUTE format('REVOKE ALL ON TABLE %I.%I FROM %I', v_schema, v_table, v_role);
      END LOOP;
    END IF;
  END LOOP;
END
$prepare$;
