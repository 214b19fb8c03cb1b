--liquibase formatted sql logicalFilePath:db/changelog/0021-metering-row-level-security.sql

-- Row-level security of the metering tables, mirroring the seed's two policies on openai_connexion
-- (section 7): PRESENCA admins everything, other users only the rows of their organisation's
-- connexions, compared on the organisation_id copied onto each metering row at insert (changelog 0020): one
-- column per row instead of a join to openai_connexion, whose own policies would run for every connexion.
-- service_role bypasses RLS, as in Supabase.
-- The helper calls are wrapped in (SELECT ...) so that PostgreSQL evaluates them once per statement
-- (an InitPlan) instead of once per row: Supabase's advice for policies, same meaning.
-- Each policy is created only when absent, so an adopted table keeps its own.

--changeset openai-connexion:0021-openai-reservation-enable-rls runOnChange:false
--comment: openai_reservation has RLS enabled.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = 'openai_reservation' and c.relrowsecurity
ALTER TABLE public.openai_reservation ENABLE ROW LEVEL SECURITY;

--changeset openai-connexion:0021-policy-admin-presenca-full-access-openai-reservation runOnChange:false
--comment: PRESENCA administrators see and write all reservations.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_policies where schemaname = 'public' and tablename = 'openai_reservation' and policyname = 'admin_presenca_full_access_openai_reservation'
CREATE POLICY admin_presenca_full_access_openai_reservation ON public.openai_reservation
  AS PERMISSIVE FOR ALL TO public
  USING ((SELECT public.is_admin_presenca(auth.uid())))
  WITH CHECK ((SELECT public.is_admin_presenca(auth.uid())));

--changeset openai-connexion:0021-policy-organisation-only-access-openai-reservation runOnChange:false
--comment: Other users see and write only the reservations of their organisation's connexions.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_policies where schemaname = 'public' and tablename = 'openai_reservation' and policyname = 'organisation_only_access_openai_reservation'
CREATE POLICY organisation_only_access_openai_reservation ON public.openai_reservation
  AS PERMISSIVE FOR ALL TO public
  USING (organisation_id = (SELECT public.get_user_organisation_id(auth.uid())))
  WITH CHECK (organisation_id = (SELECT public.get_user_organisation_id(auth.uid())));

--changeset openai-connexion:0021-openai-authorization-enable-rls runOnChange:false
--comment: openai_authorization has RLS enabled.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = 'openai_authorization' and c.relrowsecurity
ALTER TABLE public.openai_authorization ENABLE ROW LEVEL SECURITY;

--changeset openai-connexion:0021-policy-admin-presenca-full-access-openai-authorization runOnChange:false
--comment: PRESENCA administrators see and write all authorization decisions.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_policies where schemaname = 'public' and tablename = 'openai_authorization' and policyname = 'admin_presenca_full_access_openai_authorization'
CREATE POLICY admin_presenca_full_access_openai_authorization ON public.openai_authorization
  AS PERMISSIVE FOR ALL TO public
  USING ((SELECT public.is_admin_presenca(auth.uid())))
  WITH CHECK ((SELECT public.is_admin_presenca(auth.uid())));

--changeset openai-connexion:0021-policy-organisation-only-access-openai-authorization runOnChange:false
--comment: Other users see and write only the authorization decisions of their organisation's connexions.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_policies where schemaname = 'public' and tablename = 'openai_authorization' and policyname = 'organisation_only_access_openai_authorization'
CREATE POLICY organisation_only_access_openai_authorization ON public.openai_authorization
  AS PERMISSIVE FOR ALL TO public
  USING (organisation_id = (SELECT public.get_user_organisation_id(auth.uid())))
  WITH CHECK (organisation_id = (SELECT public.get_user_organisation_id(auth.uid())));

--changeset openai-connexion:0021-openai-usage-event-enable-rls runOnChange:false
--comment: openai_usage_event has RLS enabled.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = 'openai_usage_event' and c.relrowsecurity
ALTER TABLE public.openai_usage_event ENABLE ROW LEVEL SECURITY;

--changeset openai-connexion:0021-policy-admin-presenca-full-access-openai-usage-event runOnChange:false
--comment: PRESENCA administrators see and write all usage events.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_policies where schemaname = 'public' and tablename = 'openai_usage_event' and policyname = 'admin_presenca_full_access_openai_usage_event'
CREATE POLICY admin_presenca_full_access_openai_usage_event ON public.openai_usage_event
  AS PERMISSIVE FOR ALL TO public
  USING ((SELECT public.is_admin_presenca(auth.uid())))
  WITH CHECK ((SELECT public.is_admin_presenca(auth.uid())));

--changeset openai-connexion:0021-policy-organisation-only-access-openai-usage-event runOnChange:false
--comment: Other users see and write only the usage events of their organisation's connexions.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_policies where schemaname = 'public' and tablename = 'openai_usage_event' and policyname = 'organisation_only_access_openai_usage_event'
CREATE POLICY organisation_only_access_openai_usage_event ON public.openai_usage_event
  AS PERMISSIVE FOR ALL TO public
  USING (organisation_id = (SELECT public.get_user_organisation_id(auth.uid())))
  WITH CHECK (organisation_id = (SELECT public.get_user_organisation_id(auth.uid())));

--changeset openai-connexion:0021-openai-model-price-enable-rls runOnChange:false
--comment: openai_model_price has RLS enabled.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = 'openai_model_price' and c.relrowsecurity
ALTER TABLE public.openai_model_price ENABLE ROW LEVEL SECURITY;

--changeset openai-connexion:0021-policy-read-openai-model-price runOnChange:false
--comment: Every caller reads the prices (they are OpenAI's public list prices).
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_policies where schemaname = 'public' and tablename = 'openai_model_price' and policyname = 'read_openai_model_price'
CREATE POLICY read_openai_model_price ON public.openai_model_price
  AS PERMISSIVE FOR SELECT TO public
  USING (true);

--changeset openai-connexion:0021-policy-admin-presenca-write-openai-model-price runOnChange:false
--comment: Only PRESENCA administrators (and service_role, which bypasses RLS) set prices.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_policies where schemaname = 'public' and tablename = 'openai_model_price' and policyname = 'admin_presenca_full_access_openai_model_price'
CREATE POLICY admin_presenca_full_access_openai_model_price ON public.openai_model_price
  AS PERMISSIVE FOR ALL TO public
  USING ((SELECT public.is_admin_presenca(auth.uid())))
  WITH CHECK ((SELECT public.is_admin_presenca(auth.uid())));
