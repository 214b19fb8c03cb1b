--liquibase formatted sql logicalFilePath:db/changelog/0004-directory-functions.sql

-- Helpers used by the row-level security policies. STABLE SECURITY DEFINER with a pinned
-- search_path, so they read users whatever the caller's rights and search_path.
-- Created only when absent: an adopted function keeps its body and its privileges
-- (EXECUTE is granted to the API roles in 0008, which is idempotent).

--changeset openai-connexion:0004-is-admin-presenca runOnChange:false splitStatements:false
--comment: is_admin_presenca(uuid): true when the user is a PRESENCA administrator.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' and p.proname = 'is_admin_presenca'
CREATE FUNCTION public.is_admin_presenca(p_user_id uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
AS $$
  SELECT coalesce(
    (SELECT u.admin_presenca FROM public.users u WHERE u.users_id = p_user_id),
    false
  )
$$;
COMMENT ON FUNCTION public.is_admin_presenca(uuid) IS 'True when the user is a PRESENCA administrator; false for unknown users and NULL.';
REVOKE EXECUTE ON FUNCTION public.is_admin_presenca(uuid) FROM PUBLIC;

--changeset openai-connexion:0004-get-user-organisation-id runOnChange:false splitStatements:false
--comment: get_user_organisation_id(uuid): the organisation of a user.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' and p.proname = 'get_user_organisation_id'
CREATE FUNCTION public.get_user_organisation_id(p_user_id uuid) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
AS $$
  SELECT u.organisation_id FROM public.users u WHERE u.users_id = p_user_id
$$;
COMMENT ON FUNCTION public.get_user_organisation_id(uuid) IS 'The organisation of the user; NULL for unknown users and users without organisation.';
REVOKE EXECUTE ON FUNCTION public.get_user_organisation_id(uuid) FROM PUBLIC;
