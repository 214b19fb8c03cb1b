--liquibase formatted sql logicalFilePath:db/changelog/0026-exact-money.sql

-- Exact money (additive). Until now every cost, hold and running total was rounded up to 4 places per call
-- (numeric(10,4)), so small calls were charged up to 7x what OpenAI bills and budgets ran out early. A price has at
-- most 6 places and a token count is an integer, so a cost per million tokens has at most 12 places: the metering
-- columns become plain numeric, which keeps every value exact. numeric(10,4) -> numeric only drops the type
-- modifier: PostgreSQL rewrites nothing, and the values already there keep their 4 places.
-- The seed's openai_cout_actuel_mois stays numeric(10,4), as other Supabase clients read it: it becomes the exact
-- month total rounded half-up, and the exact total is kept beside it in openai_month_cost, written in the same
-- statement. Where the two disagree (the seed column set by someone else), the seed column wins (see the service's
-- MonthlyBudget.restored).

--changeset openai-connexion:0026-exact-metering-amounts runOnChange:false
--comment: Held costs, costs, remaining budgets and held totals keep every decimal place.
ALTER TABLE public.openai_reservation ALTER COLUMN held_cost TYPE numeric;
ALTER TABLE public.openai_usage_event ALTER COLUMN cost TYPE numeric;
ALTER TABLE public.openai_authorization ALTER COLUMN remaining_budget TYPE numeric;
ALTER TABLE public.openai_held_total ALTER COLUMN held TYPE numeric;
COMMENT ON COLUMN public.openai_reservation.held_cost IS 'USD held, exact: the most the call can cost, price x (estimated input + max output tokens), every input token at the dearer of the input and cached-input prices; 0 without an estimate.';
COMMENT ON COLUMN public.openai_usage_event.cost IS 'Exact cost in USD (no rounding): (input - cached) x input price + cached x cached-input price + output x output price, per million; 0 for a model without a price.';
COMMENT ON COLUMN public.openai_authorization.remaining_budget IS 'Exact USD left this month after recorded costs and holds; NULL = unlimited. Shown rounded half-up to 4 places.';

--changeset openai-connexion:0026-usage-event-cached-input-tokens runOnChange:false
--comment: The ledger records the cached prompt tokens of each call (part of its input tokens).
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_attribute a join pg_catalog.pg_class c on c.oid = a.attrelid join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = 'openai_usage_event' and a.attname = 'cached_input_tokens' and not a.attisdropped
ALTER TABLE public.openai_usage_event ADD COLUMN cached_input_tokens integer NOT NULL DEFAULT 0;
ALTER TABLE public.openai_usage_event ADD CONSTRAINT openai_usage_event_cached_input_tokens_check
  CHECK (cached_input_tokens >= 0 AND cached_input_tokens <= input_tokens);
COMMENT ON COLUMN public.openai_usage_event.cached_input_tokens IS 'Input tokens OpenAI served from its prompt cache, part of input_tokens, priced at the cached-input price.';

--changeset openai-connexion:0026-usage-event-usage-day runOnChange:false
--comment: The ledger records the day of each event in the quota zone, the key of the daily aggregates.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_attribute a join pg_catalog.pg_class c on c.oid = a.attrelid join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = 'openai_usage_event' and a.attname = 'usage_day' and not a.attisdropped
-- Events recorded before this column: their day in Europe/Paris, the default quota zone.
ALTER TABLE public.openai_usage_event ADD COLUMN usage_day date;
UPDATE public.openai_usage_event SET usage_day = (created_at AT TIME ZONE 'Europe/Paris')::date WHERE usage_day IS NULL;
ALTER TABLE public.openai_usage_event ALTER COLUMN usage_day SET NOT NULL;
COMMENT ON COLUMN public.openai_usage_event.usage_day IS 'The day of created_at in the service''s quota zone (presenca.quota.zone, Europe/Paris by default): the day usage summaries count it in.';

--changeset openai-connexion:0026-usage-day-default runOnChange:false splitStatements:false
--comment: An event inserted without its day (by another client than the service) gets its day in Europe/Paris.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' and p.proname = 'set_usage_day'
CREATE FUNCTION public.set_usage_day() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = public, pg_temp
AS $$
BEGIN
  IF NEW.usage_day IS NULL THEN
    NEW.usage_day := (coalesce(NEW.created_at, now()) AT TIME ZONE 'Europe/Paris')::date;
  END IF;
  RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION public.set_usage_day() FROM PUBLIC;
COMMENT ON FUNCTION public.set_usage_day() IS 'BEFORE INSERT on openai_usage_event: usage_day := the day of created_at in Europe/Paris when not given (the service always gives it, in its quota zone).';
CREATE TRIGGER trg_set_usage_day_openai_usage_event BEFORE INSERT ON public.openai_usage_event
  FOR EACH ROW EXECUTE FUNCTION public.set_usage_day();

--changeset openai-connexion:0026-openai-month-cost-table runOnChange:false
--comment: The exact cost recorded this month per connexion; openai_cout_actuel_mois is its rounding.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = 'openai_month_cost'
CREATE TABLE public.openai_month_cost (
  openai_connexion_id uuid NOT NULL,
  organisation_id uuid NOT NULL,
  reset_at timestamp with time zone NOT NULL,
  spent numeric NOT NULL,
  CONSTRAINT openai_month_cost_pkey PRIMARY KEY (openai_connexion_id),
  CONSTRAINT openai_month_cost_openai_connexion_id_fkey FOREIGN KEY (openai_connexion_id) REFERENCES public.openai_connexion(openai_connexion_id) ON DELETE CASCADE,
  CONSTRAINT openai_month_cost_spent_check CHECK (spent >= 0)
);
COMMENT ON TABLE public.openai_month_cost IS 'Exact USD recorded this month per connexion, written with openai_connexion.openai_cout_actuel_mois (its half-up rounding to 4 places) in the same statement. It counts only while that column is still its rounding and reset_at is the connexion''s openai_reset_cout_at: otherwise the seed column is the month''s cost.';
COMMENT ON COLUMN public.openai_month_cost.openai_connexion_id IS 'The connexion.';
COMMENT ON COLUMN public.openai_month_cost.organisation_id IS 'The connexion''s organisation, copied at insert (trigger) for row-level security.';
COMMENT ON COLUMN public.openai_month_cost.reset_at IS 'The month this total belongs to: the connexion''s openai_reset_cout_at when it was written.';
COMMENT ON COLUMN public.openai_month_cost.spent IS 'Exact USD recorded in that month.';
CREATE TRIGGER trg_set_organisation_openai_month_cost BEFORE INSERT ON public.openai_month_cost
  FOR EACH ROW EXECUTE FUNCTION public.set_metering_organisation();
ALTER TABLE public.openai_month_cost ENABLE ROW LEVEL SECURITY;
CREATE POLICY admin_presenca_full_access_openai_month_cost ON public.openai_month_cost
  AS PERMISSIVE FOR ALL TO public
  USING ((SELECT public.is_admin_presenca(auth.uid())))
  WITH CHECK ((SELECT public.is_admin_presenca(auth.uid())));
CREATE POLICY organisation_only_access_openai_month_cost ON public.openai_month_cost
  AS PERMISSIVE FOR ALL TO public
  USING (organisation_id = (SELECT public.get_user_organisation_id(auth.uid())))
  WITH CHECK (organisation_id = (SELECT public.get_user_organisation_id(auth.uid())));
REVOKE ALL ON TABLE public.openai_month_cost FROM anon;
GRANT SELECT, INSERT, UPDATE ON TABLE public.openai_month_cost TO authenticated, service_role;

--changeset openai-connexion:0026-openai-month-cost-of runOnChange:false splitStatements:false
--comment: openai_month_cost_of(connexion): the exact month total of a connexion, read with a fresh snapshot.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' and p.proname = 'openai_month_cost_of'
CREATE FUNCTION public.openai_month_cost_of(p_connexion_id uuid) RETURNS SETOF public.openai_month_cost
  LANGUAGE plpgsql VOLATILE
  SET search_path = public, pg_temp
AS $$
BEGIN
  RETURN QUERY SELECT m.* FROM public.openai_month_cost m WHERE m.openai_connexion_id = p_connexion_id;
END
$$;
COMMENT ON FUNCTION public.openai_month_cost_of(uuid) IS 'The exact month total of a connexion, if any. VOLATILE on purpose: a fresh snapshot, so that called after the connexion row lock it sees the total committed by the previous lock holder.';
REVOKE EXECUTE ON FUNCTION public.openai_month_cost_of(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.openai_month_cost_of(uuid) TO authenticated, service_role;
