--liquibase formatted sql logicalFilePath:db/changelog/0010-directory-admin-writes.sql

-- The standalone directory API (createOrganisation, createUser) runs as the caller's role, so that the
-- directory's RLS policies decide: admins write (admin_presenca_full_access_*), others are refused by RLS.
-- Only granted where this changelog created the directory's policies: an adopted platform keeps its own rules.

--changeset openai-connexion:0010-directory-admin-writes runOnChange:false
--comment: Let authenticated callers write the directory; RLS lets only PRESENCA admins through.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:2 select count(*) from pg_catalog.pg_policies where schemaname = 'public' and policyname in ('admin_presenca_full_access_organisations', 'admin_presenca_full_access_users')
GRANT INSERT, UPDATE, DELETE ON TABLE public.organisations, public.users TO authenticated;
