--liquibase formatted sql logicalFilePath:db/changelog/0028-usage-daily.sql

-- Daily aggregates of the ledger for usage summaries (additive): one row per connexion, day (in the quota zone:
-- openai_usage_event.usage_day) and model, kept by a trigger on openai_usage_event in the writing transaction, so a
-- month of a busy connexion is at most ~31 rows per model to add up instead of a scan of its events. Every insert
-- into the ledger holds the connexion's row lock, so the upserts of one connexion never race.

--changeset openai-connexion:0028-openai-usage-daily-table runOnChange:false
--comment: Sums of the ledger per connexion, day and model.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = 'openai_usage_daily'
CREATE TABLE public.openai_usage_daily (
  openai_connexion_id uuid NOT NULL,
  organisation_id uuid NOT NULL,
  usage_day date NOT NULL,
  model text NOT NULL,
  requests bigint NOT NULL,
  input_tokens bigint NOT NULL,
  cached_input_tokens bigint NOT NULL,
  output_tokens bigint NOT NULL,
  cost numeric NOT NULL,
  CONSTRAINT openai_usage_daily_pkey PRIMARY KEY (openai_connexion_id, usage_day, model),
  CONSTRAINT openai_usage_daily_openai_connexion_id_fkey FOREIGN KEY (openai_connexion_id) REFERENCES public.openai_connexion(openai_connexion_id) ON DELETE CASCADE
);
-- Summaries of all the connexions a member may see: its organisation's rows of a date range.
CREATE INDEX openai_usage_daily_organisation_day_idx ON public.openai_usage_daily (organisation_id, usage_day);
COMMENT ON TABLE public.openai_usage_daily IS 'Sums of openai_usage_event per connexion, day (usage_day, in the quota zone) and model, kept by the trigger trg_keep_usage_daily_openai_usage_event; read by usage summaries.';
COMMENT ON COLUMN public.openai_usage_daily.organisation_id IS 'The connexion''s organisation (from its events), for row-level security.';
COMMENT ON COLUMN public.openai_usage_daily.usage_day IS 'The day in the quota zone.';
COMMENT ON COLUMN public.openai_usage_daily.requests IS 'Number of usage events.';
COMMENT ON COLUMN public.openai_usage_daily.cost IS 'Exact sum of the events'' costs, USD.';
ALTER TABLE public.openai_usage_daily ENABLE ROW LEVEL SECURITY;
CREATE POLICY admin_presenca_read_openai_usage_daily ON public.openai_usage_daily
  AS PERMISSIVE FOR SELECT TO public
  USING ((SELECT public.is_admin_presenca(auth.uid())));
CREATE POLICY organisation_only_read_openai_usage_daily ON public.openai_usage_daily
  AS PERMISSIVE FOR SELECT TO public
  USING (organisation_id = (SELECT public.get_user_organisation_id(auth.uid())));
REVOKE ALL ON TABLE public.openai_usage_daily FROM anon;
GRANT SELECT ON TABLE public.openai_usage_daily TO authenticated, service_role;

--changeset openai-connexion:0028-keep-usage-daily-function runOnChange:false splitStatements:false
--comment: Adds each new usage event to its day's aggregate.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' and p.proname = 'keep_usage_daily'
-- SECURITY DEFINER: the API roles may only read the aggregates; what an event adds is decided here.
CREATE FUNCTION public.keep_usage_daily() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp
AS $$
BEGIN
  INSERT INTO public.openai_usage_daily AS d (openai_connexion_id, organisation_id, usage_day, model, requests,
                                             input_tokens, cached_input_tokens, output_tokens, cost)
  VALUES (NEW.openai_connexion_id, NEW.organisation_id, NEW.usage_day, NEW.model, 1,
          NEW.input_tokens, NEW.cached_input_tokens, NEW.output_tokens, NEW.cost)
  ON CONFLICT (openai_connexion_id, usage_day, model) DO UPDATE
     SET requests = d.requests + 1,
         input_tokens = d.input_tokens + EXCLUDED.input_tokens,
         cached_input_tokens = d.cached_input_tokens + EXCLUDED.cached_input_tokens,
         output_tokens = d.output_tokens + EXCLUDED.output_tokens,
         cost = d.cost + EXCLUDED.cost;
  RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION public.keep_usage_daily() FROM PUBLIC;
COMMENT ON FUNCTION public.keep_usage_daily() IS 'AFTER INSERT on openai_usage_event: adds the event to openai_usage_daily (the ledger is append-only).';

--changeset openai-connexion:0028-keep-usage-daily-trigger runOnChange:false
--comment: The trigger, and the aggregates of the events already there (the ledger is locked against writes meanwhile).
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_trigger where tgname = 'trg_keep_usage_daily_openai_usage_event'
LOCK TABLE public.openai_usage_event IN SHARE ROW EXCLUSIVE MODE;
CREATE TRIGGER trg_keep_usage_daily_openai_usage_event AFTER INSERT ON public.openai_usage_event
  FOR EACH ROW EXECUTE FUNCTION public.keep_usage_daily();
DELETE FROM public.openai_usage_daily;
INSERT INTO public.openai_usage_daily (openai_connexion_id, organisation_id, usage_day, model, requests, input_tokens,
                                       cached_input_tokens, output_tokens, cost)
SELECT openai_connexion_id, (array_agg(organisation_id))[1], usage_day, model, count(*), sum(input_tokens),
       sum(cached_input_tokens), sum(output_tokens), sum(cost)
  FROM public.openai_usage_event
 GROUP BY openai_connexion_id, usage_day, model;
