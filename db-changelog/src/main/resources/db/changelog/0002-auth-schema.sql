--liquibase formatted sql logicalFilePath:db/changelog/0002-auth-schema.sql

-- The Supabase "auth" schema and its claim helpers. In a Supabase project these already exist
-- (and belong to Supabase): every changeset is skipped there, grants included.

--changeset openai-connexion:0002-auth-schema runOnChange:false
--comment: Schema holding the Supabase-style JWT claim helpers.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_namespace where nspname = 'auth'
CREATE SCHEMA auth;
COMMENT ON SCHEMA auth IS 'Supabase-compatible authentication helpers (JWT claims of the current request).';
GRANT USAGE ON SCHEMA auth TO anon, authenticated, service_role;

--changeset openai-connexion:0002-auth-uid runOnChange:false splitStatements:false
--comment: auth.uid(): the sub claim of the current request, as in Supabase.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace where n.nspname = 'auth' and p.proname = 'uid'
CREATE FUNCTION auth.uid() RETURNS uuid
  LANGUAGE sql STABLE
AS $$
  SELECT coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;
COMMENT ON FUNCTION auth.uid() IS 'The user id (sub claim) of the current request, or NULL without claims.';
GRANT EXECUTE ON FUNCTION auth.uid() TO anon, authenticated, service_role;

--changeset openai-connexion:0002-auth-role runOnChange:false splitStatements:false
--comment: auth.role(): the role claim of the current request, as in Supabase.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace where n.nspname = 'auth' and p.proname = 'role'
CREATE FUNCTION auth.role() RETURNS text
  LANGUAGE sql STABLE
AS $$
  SELECT coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$$;
COMMENT ON FUNCTION auth.role() IS 'The role claim of the current request, or NULL without claims.';
GRANT EXECUTE ON FUNCTION auth.role() TO anon, authenticated, service_role;

--changeset openai-connexion:0002-auth-jwt runOnChange:false splitStatements:false
--comment: auth.jwt(): all claims of the current request, as in Supabase.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace where n.nspname = 'auth' and p.proname = 'jwt'
CREATE FUNCTION auth.jwt() RETURNS jsonb
  LANGUAGE sql STABLE
AS $$
  SELECT coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;
COMMENT ON FUNCTION auth.jwt() IS 'All JWT claims of the current request as jsonb, or NULL without claims.';
GRANT EXECUTE ON FUNCTION auth.jwt() TO anon, authenticated, service_role;
