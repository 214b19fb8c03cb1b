--liquibase formatted sql logicalFilePath:db/changelog/0041-api-key-rewrite-keeps-audit-fields.sql

-- The start-up rewrite of openai_api_key (plaintext of adopted data encrypted, or re-encrypted under a new master key)
-- changes how the key is stored, not the connexion: it must leave the audit fields as they were. The seed's update
-- trigger stamps every UPDATE (in Supabase's usual form: NEW.openai_updated_at = now(); NEW.openai_updated_by =
-- auth.uid()), and neither now() nor the trigger can be set aside by the service's role (disabling a trigger needs
-- the table's owner, session_replication_role a superuser). So a second BEFORE UPDATE trigger, fired after the seed's
-- (triggers of one event fire in name order: "zz_" sorts after "trg_" and the usual "update_..._updated_at"), puts the
-- old audit values back, only when:
--   - the transaction says it is that rewrite (presenca.api_key_rewrite = 'on', set transaction-locally),
--   - it runs as service_role (the trusted back-end role; any role can set a custom setting),
--   - the statement sets openai_api_key (UPDATE OF) and nothing else changed but the key and the audit fields.
-- Any other update is stamped by the seed's trigger as before. The seed's objects are left as they are.

--changeset openai-connexion:0041-keep-audit-fields-on-api-key-rewrite-function runOnChange:false splitStatements:false
--comment: Undoes the audit stamp of an update that only rewrote the stored form of the API key.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' and p.proname = 'keep_audit_fields_on_api_key_rewrite'
CREATE FUNCTION public.keep_audit_fields_on_api_key_rewrite() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = public, pg_temp
AS $$
BEGIN
  IF (to_jsonb(NEW) - ARRAY['openai_api_key', 'openai_updated_at', 'openai_updated_by'])
     = (to_jsonb(OLD) - ARRAY['openai_api_key', 'openai_updated_at', 'openai_updated_by']) THEN
    NEW.openai_updated_at := OLD.openai_updated_at;
    NEW.openai_updated_by := OLD.openai_updated_by;
  END IF;
  RETURN NEW;
END
$$;
COMMENT ON FUNCTION public.keep_audit_fields_on_api_key_rewrite() IS 'BEFORE UPDATE on openai_connexion, after the seed''s audit trigger: keeps openai_updated_at and openai_updated_by when only the stored form of the API key changed (the service''s start-up rewrite).';
REVOKE ALL ON FUNCTION public.keep_audit_fields_on_api_key_rewrite() FROM PUBLIC;

--changeset openai-connexion:0041-keep-audit-fields-on-api-key-rewrite-trigger runOnChange:false
--comment: Fires after the seed's audit trigger, for the start-up API key rewrite only.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_trigger t join pg_catalog.pg_class c on c.oid = t.tgrelid join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = 'openai_connexion' and t.tgname = 'zz_keep_audit_fields_on_api_key_rewrite'
CREATE TRIGGER zz_keep_audit_fields_on_api_key_rewrite
  BEFORE UPDATE OF openai_api_key ON public.openai_connexion
  FOR EACH ROW
  WHEN (current_setting('presenca.api_key_rewrite', true) = 'on' AND current_user = 'service_role')
  EXECUTE FUNCTION public.keep_audit_fields_on_api_key_rewrite();
