--liquibase formatted sql logicalFilePath:db/changelog/0008-grants.sql

-- Privileges of the Supabase API roles. GRANT is idempotent: applied on adoption too.
-- Row visibility is decided by RLS; service_role bypasses it (BYPASSRLS), as in Supabase.

--changeset openai-connexion:0008-grants runOnChange:false
--comment: Schema, table and function privileges of anon, authenticated and service_role.
GRANT USAGE ON SCHEMA public TO anon, authenticated, service_role;
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE public.openai_connexion TO authenticated, service_role;
GRANT SELECT ON TABLE public.organisations, public.users TO authenticated, service_role;
GRANT INSERT, UPDATE, DELETE ON TABLE public.organisations, public.users TO service_role;
GRANT EXECUTE ON FUNCTION public.is_admin_presenca(uuid), public.get_user_organisation_id(uuid) TO anon, authenticated, service_role;
