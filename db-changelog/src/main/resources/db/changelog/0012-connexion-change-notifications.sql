--liquibase formatted sql logicalFilePath:db/changelog/0012-connexion-change-notifications.sql

-- Changes of connexions are announced on the channel openai_connexion_changes (NOTIFY is delivered at COMMIT,
-- only for committed work, to every service instance listening): the source of the connexionChanges
-- subscription. Counter-only updates (each metering call moves usage, cost or reset times) announce nothing,
-- so the hot path pays no NOTIFY; a status change made by metering (QUOTA_EXCEEDED and back) is announced.

--changeset openai-connexion:0012-notify-connexion-change-function runOnChange:false splitStatements:false
--comment: Announces a created, changed or deleted connexion on openai_connexion_changes.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' and p.proname = 'notify_openai_connexion_change'
CREATE FUNCTION public.notify_openai_connexion_change() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = public, pg_temp
AS $$
DECLARE
  v_row public.openai_connexion := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
BEGIN
  -- connexion id|organisation id|INSERT, UPDATE or DELETE|status|microseconds since the epoch
  PERFORM pg_notify('openai_connexion_changes', concat_ws('|',
    v_row.openai_connexion_id, v_row.organisation_id, TG_OP, v_row.openai_statut_connexion,
    (extract(epoch from clock_timestamp()) * 1000000)::bigint));
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION public.notify_openai_connexion_change() IS 'Announces a connexion change on the channel openai_connexion_changes: id|organisation|operation|status|epoch microseconds.';

--changeset openai-connexion:0012-notify-connexion-insert-delete-trigger runOnChange:false
--comment: Announce created and deleted connexions.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_trigger t join pg_catalog.pg_class c on c.oid = t.tgrelid where c.relname = 'openai_connexion' and t.tgname = 'trg_notify_openai_connexion_insert_delete'
CREATE TRIGGER trg_notify_openai_connexion_insert_delete
  AFTER INSERT OR DELETE ON public.openai_connexion
  FOR EACH ROW EXECUTE FUNCTION public.notify_openai_connexion_change();

--changeset openai-connexion:0012-notify-connexion-update-trigger runOnChange:false
--comment: Announce changed connexions, except counter-only updates.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_trigger t join pg_catalog.pg_class c on c.oid = t.tgrelid where c.relname = 'openai_connexion' and t.tgname = 'trg_notify_openai_connexion_update'
CREATE TRIGGER trg_notify_openai_connexion_update
  AFTER UPDATE ON public.openai_connexion
  FOR EACH ROW
  WHEN ((OLD.client_type, OLD.client_id, OLD.openai_api_key, OLD.openai_email_compte, OLD.openai_organisation_id,
         OLD.openai_project_id, OLD.openai_actif, OLD.openai_date_activation, OLD.openai_derniere_synchro,
         OLD.openai_statut_connexion, OLD.openai_derniere_erreur, OLD.openai_limite_quotidienne,
         OLD.openai_modeles_autorises, OLD.openai_limite_cout_mois, OLD.openai_ia_extensions)
        IS DISTINCT FROM
        (NEW.client_type, NEW.client_id, NEW.openai_api_key, NEW.openai_email_compte, NEW.openai_organisation_id,
         NEW.openai_project_id, NEW.openai_actif, NEW.openai_date_activation, NEW.openai_derniere_synchro,
         NEW.openai_statut_connexion, NEW.openai_derniere_erreur, NEW.openai_limite_quotidienne,
         NEW.openai_modeles_autorises, NEW.openai_limite_cout_mois, NEW.openai_ia_extensions))
  EXECUTE FUNCTION public.notify_openai_connexion_change();
