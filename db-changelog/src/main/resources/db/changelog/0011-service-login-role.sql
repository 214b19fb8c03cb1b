--liquibase formatted sql logicalFilePath:db/changelog/0011-service-login-role.sql

-- The login role the service connects as, in the image of Supabase's `authenticator`: NOINHERIT and granted
-- only the API roles. It owns nothing and has no table rights of its own, so a statement run without the
-- per-transaction role switch is refused ("permission denied") instead of bypassing row-level security:
-- the service fails closed. Migrations run as the owner (Liquibase's own connection).

--changeset openai-connexion:0011-service-login-role runOnChange:false splitStatements:false
--comment: presenca_app, the service's NOINHERIT login role, member of authenticated and service_role.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_roles where rolname = 'presenca_app'
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'presenca_app') THEN
    CREATE ROLE presenca_app LOGIN NOINHERIT;
  END IF;
END
$$;
COMMENT ON ROLE presenca_app IS 'openai-connexion service login: no rights of its own; switches per transaction to authenticated or service_role.';

--changeset openai-connexion:0011-service-login-role-grants runOnChange:false
--comment: presenca_app may take on the API roles (SET ROLE), never inherit their rights.
GRANT authenticated, service_role TO presenca_app;
