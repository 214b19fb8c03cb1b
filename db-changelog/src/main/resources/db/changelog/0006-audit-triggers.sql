--liquibase formatted sql logicalFilePath:db/changelog/0006-audit-triggers.sql

-- Audit fields of openai_connexion (seed section 5). The actor is auth.uid() when the request
-- carries claims, and is recorded only when it is a known user: a service_role token's sub may
-- not be a user, and the FKs to users must not fail. SECURITY DEFINER with a pinned search_path
-- so the users lookup works whatever the caller's rights and RLS.

--changeset openai-connexion:0006-set-created-audit-fields-function runOnChange:false splitStatements:false
--comment: BEFORE INSERT audit function of openai_connexion.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' and p.proname = 'set_created_audit_fields_openai_connexion'
CREATE FUNCTION public.set_created_audit_fields_openai_connexion() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp
AS $$
DECLARE
  v_actor uuid := coalesce(auth.uid(), NEW.openai_created_by);
BEGIN
  IF v_actor IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM public.users u WHERE u.users_id = v_actor) THEN
    v_actor := NULL;
  END IF;
  NEW.openai_created_at := now();
  NEW.openai_updated_at := now();
  NEW.openai_created_by := v_actor;
  NEW.openai_updated_by := v_actor;
  RETURN NEW;
END
$$;
COMMENT ON FUNCTION public.set_created_audit_fields_openai_connexion() IS 'Sets the creation and modification audit fields of a new openai_connexion row.';

--changeset openai-connexion:0006-update-audit-fields-function runOnChange:false splitStatements:false
--comment: BEFORE UPDATE audit function of openai_connexion.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' and p.proname = 'update_audit_fields_openai_connexion'
CREATE FUNCTION public.update_audit_fields_openai_connexion() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp
AS $$
DECLARE
  v_uid uuid := auth.uid();
BEGIN
  NEW.openai_created_at := OLD.openai_created_at;
  NEW.openai_created_by := OLD.openai_created_by;
  NEW.openai_updated_at := now();
  IF v_uid IS NOT NULL THEN
    IF EXISTS (SELECT 1 FROM public.users u WHERE u.users_id = v_uid) THEN
      NEW.openai_updated_by := v_uid;
    ELSE
      NEW.openai_updated_by := NULL;
    END IF;
  END IF;
  RETURN NEW;
END
$$;
COMMENT ON FUNCTION public.update_audit_fields_openai_connexion() IS 'Sets the modification audit fields of an updated openai_connexion row; keeps the creation fields.';

--changeset openai-connexion:0006-set-created-audit-fields-trigger runOnChange:false
--comment: BEFORE INSERT audit trigger of openai_connexion.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_trigger t join pg_catalog.pg_class c on c.oid = t.tgrelid join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = 'openai_connexion' and t.tgname = 'trg_set_created_audit_fields_openai_connexion'
CREATE TRIGGER trg_set_created_audit_fields_openai_connexion
  BEFORE INSERT ON public.openai_connexion
  FOR EACH ROW EXECUTE FUNCTION public.set_created_audit_fields_openai_connexion();

--changeset openai-connexion:0006-update-audit-fields-trigger runOnChange:false
--comment: BEFORE UPDATE audit trigger of openai_connexion.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_trigger t join pg_catalog.pg_class c on c.oid = t.tgrelid join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = 'openai_connexion' and t.tgname = 'trg_update_audit_fields_openai_connexion'
CREATE TRIGGER trg_update_audit_fields_openai_connexion
  BEFORE UPDATE ON public.openai_connexion
  FOR EACH ROW EXECUTE FUNCTION public.update_audit_fields_openai_connexion();
