--liquibase formatted sql logicalFilePath:db/changelog/0001-supabase-roles.sql

-- The three API roles of Supabase. Cluster-wide: created only when absent, never altered.

--changeset openai-connexion:0001-role-anon runOnChange:false splitStatements:false
--comment: Supabase role for unauthenticated requests.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_roles where rolname = 'anon'
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'anon') THEN
    CREATE ROLE anon NOLOGIN NOINHERIT;
  END IF;
END
$$;

--changeset openai-connexion:0001-role-authenticated runOnChange:false splitStatements:false
--comment: Supabase role for requests carrying a user JWT.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_roles where rolname = 'authenticated'
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'authenticated') THEN
    CREATE ROLE authenticated NOLOGIN NOINHERIT;
  END IF;
END
$$;

--changeset openai-connexion:0001-role-service-role runOnChange:false splitStatements:false
--comment: Supabase role for trusted back-ends; bypasses row-level security as in Supabase.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_roles where rolname = 'service_role'
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'service_role') THEN
    CREATE ROLE service_role NOLOGIN NOINHERIT BYPASSRLS;
  END IF;
END
$$;
