--liquibase formatted sql logicalFilePath:db/changelog/0003-directory-tables.sql

-- The minimal PRESENCA directory the seed references (organisations, users). In an adopted
-- Supabase database these tables already exist, with more columns: they are left alone.

--changeset openai-connexion:0003-organisations-table runOnChange:false
--comment: Minimal organisations (tenants) table.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = 'organisations'
CREATE TABLE public.organisations (
  organisation_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE public.organisations IS 'PRESENCA organisations (tenants). Minimal directory; owned by the platform in Supabase.';
COMMENT ON COLUMN public.organisations.organisation_id IS 'Organisation id.';
COMMENT ON COLUMN public.organisations.name IS 'Display name.';
COMMENT ON COLUMN public.organisations.created_at IS 'Creation instant.';

--changeset openai-connexion:0003-users-table runOnChange:false
--comment: Minimal users table; users_id is the sub claim of the user's JWTs.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = 'users'
CREATE TABLE public.users (
  users_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL UNIQUE,
  organisation_id uuid NULL REFERENCES public.organisations(organisation_id) ON DELETE SET NULL,
  admin_presenca boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE public.users IS 'PRESENCA users. Minimal directory; owned by the platform in Supabase.';
COMMENT ON COLUMN public.users.users_id IS 'User id; the sub claim of the user''s JWTs.';
COMMENT ON COLUMN public.users.email IS 'E-mail address (unique).';
COMMENT ON COLUMN public.users.organisation_id IS 'The organisation the user belongs to, if any.';
COMMENT ON COLUMN public.users.admin_presenca IS 'True for PRESENCA administrators (see all tenants).';
COMMENT ON COLUMN public.users.created_at IS 'Creation instant.';
