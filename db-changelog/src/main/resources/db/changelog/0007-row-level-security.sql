--liquibase formatted sql logicalFilePath:db/changelog/0007-row-level-security.sql

-- Row-level security. openai_connexion: the seed's two policies, verbatim (section 7).
-- Directory tables: configured only when this changelog finds them without any row security
-- (no RLS, no policy), i.e. in a standalone database; an adopted table keeps its own security.

--changeset openai-connexion:0007-openai-connexion-enable-rls runOnChange:false
--comment: The seed's table has RLS enabled.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = 'openai_connexion' and c.relrowsecurity
ALTER TABLE public.openai_connexion ENABLE ROW LEVEL SECURITY;

--changeset openai-connexion:0007-policy-admin-presenca-full-access-openai-connexion runOnChange:false
--comment: PRESENCA administrators see and change every connexion.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_policies where schemaname = 'public' and tablename = 'openai_connexion' and policyname = 'admin_presenca_full_access_openai_connexion'
CREATE POLICY admin_presenca_full_access_openai_connexion ON public.openai_connexion
  AS PERMISSIVE FOR ALL TO public
  USING (public.is_admin_presenca(auth.uid()))
  WITH CHECK (public.is_admin_presenca(auth.uid()));

--changeset openai-connexion:0007-policy-organisation-only-access-openai-connexion runOnChange:false
--comment: Other users see and change only their organisation's connexions.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_policies where schemaname = 'public' and tablename = 'openai_connexion' and policyname = 'organisation_only_access_openai_connexion'
CREATE POLICY organisation_only_access_openai_connexion ON public.openai_connexion
  AS PERMISSIVE FOR ALL TO public
  USING ((organisation_id = public.get_user_organisation_id(auth.uid())))
  WITH CHECK ((organisation_id = public.get_user_organisation_id(auth.uid())));

--changeset openai-connexion:0007-organisations-rls runOnChange:false
--comment: Standalone directory: admins see and change all organisations, others read their own.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = 'organisations' and (c.relrowsecurity or exists (select 1 from pg_catalog.pg_policy p where p.polrelid = c.oid))
ALTER TABLE public.organisations ENABLE ROW LEVEL SECURITY;
CREATE POLICY admin_presenca_full_access_organisations ON public.organisations
  AS PERMISSIVE FOR ALL TO public
  USING (public.is_admin_presenca(auth.uid()))
  WITH CHECK (public.is_admin_presenca(auth.uid()));
CREATE POLICY organisation_only_read_organisations ON public.organisations
  AS PERMISSIVE FOR SELECT TO public
  USING ((organisation_id = public.get_user_organisation_id(auth.uid())));

--changeset openai-connexion:0007-users-rls runOnChange:false
--comment: Standalone directory: admins see and change all users, others read themselves and their organisation's users.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = 'users' and (c.relrowsecurity or exists (select 1 from pg_catalog.pg_policy p where p.polrelid = c.oid))
ALTER TABLE public.users ENABLE ROW LEVEL SECURITY;
CREATE POLICY admin_presenca_full_access_users ON public.users
  AS PERMISSIVE FOR ALL TO public
  USING (public.is_admin_presenca(auth.uid()))
  WITH CHECK (public.is_admin_presenca(auth.uid()));
CREATE POLICY organisation_only_read_users ON public.users
  AS PERMISSIVE FOR SELECT TO public
  USING ((users_id = auth.uid()) OR (organisation_id = public.get_user_organisation_id(auth.uid())));
