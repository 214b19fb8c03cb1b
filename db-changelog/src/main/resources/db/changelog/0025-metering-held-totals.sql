--liquibase formatted sql logicalFilePath:db/changelog/0025-metering-held-totals.sql

-- A running total of the costs held per connexion. authorizeRequest reads "USD held by the connexion's open
-- reservations" on every decision, under the connexion's row lock; summing the reservations cost O(open holds): tens
-- of thousands on a busy connexion within the reservation TTL, 5.6 ms of PostgreSQL per decision at ~160 decisions/s
-- (benchmarks/RESULTS.md, run 8). The total is kept by a trigger on openai_reservation in the writing transaction (all
-- of them hold the connexion's row lock), so openai_held_cost reads one row, minus the holds whose expiry has passed
-- but that are not yet marked expired (few: every admission marks them).

--changeset openai-connexion:0025-openai-held-total-table runOnChange:false
--comment: The USD held per connexion by its reservations in state held, kept by trigger.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = 'openai_held_total'
CREATE TABLE public.openai_held_total (
  openai_connexion_id uuid NOT NULL,
  organisation_id uuid NOT NULL,
  held numeric(14,4) NOT NULL DEFAULT 0,
  CONSTRAINT openai_held_total_pkey PRIMARY KEY (openai_connexion_id),
  CONSTRAINT openai_held_total_openai_connexion_id_fkey FOREIGN KEY (openai_connexion_id) REFERENCES public.openai_connexion(openai_connexion_id) ON DELETE CASCADE,
  CONSTRAINT openai_held_total_held_check CHECK (held >= 0)
);
COMMENT ON TABLE public.openai_held_total IS 'Running total of the USD held per connexion by its reservations in state held (expired or not), kept by the trigger trg_keep_held_total_openai_reservation: the budget check reads one row instead of summing the reservations.';
COMMENT ON COLUMN public.openai_held_total.openai_connexion_id IS 'The connexion.';
COMMENT ON COLUMN public.openai_held_total.organisation_id IS 'The connexion''s organisation (from its reservations), for row-level security.';
COMMENT ON COLUMN public.openai_held_total.held IS 'Sum of held_cost over the connexion''s reservations in state held.';

--changeset openai-connexion:0025-openai-held-total-enable-rls runOnChange:false
--comment: openai_held_total has RLS enabled.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = 'openai_held_total' and c.relrowsecurity
ALTER TABLE public.openai_held_total ENABLE ROW LEVEL SECURITY;

--changeset openai-connexion:0025-policy-admin-presenca-read-openai-held-total runOnChange:false
--comment: PRESENCA administrators read all held totals (only the trigger writes them).
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_policies where schemaname = 'public' and tablename = 'openai_held_total' and policyname = 'admin_presenca_read_openai_held_total'
CREATE POLICY admin_presenca_read_openai_held_total ON public.openai_held_total
  AS PERMISSIVE FOR SELECT TO public
  USING ((SELECT public.is_admin_presenca(auth.uid())));

--changeset openai-connexion:0025-policy-organisation-only-read-openai-held-total runOnChange:false
--comment: Other users read only the held totals of their organisation's connexions.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_policies where schemaname = 'public' and tablename = 'openai_held_total' and policyname = 'organisation_only_read_openai_held_total'
CREATE POLICY organisation_only_read_openai_held_total ON public.openai_held_total
  AS PERMISSIVE FOR SELECT TO public
  USING (organisation_id = (SELECT public.get_user_organisation_id(auth.uid())));

--changeset openai-connexion:0025-openai-held-total-grants runOnChange:false
--comment: The API roles read held totals (filtered by RLS); nobody but the trigger writes them.
GRANT SELECT ON TABLE public.openai_held_total TO authenticated, service_role;

--changeset openai-connexion:0025-keep-held-total-function runOnChange:false splitStatements:false
--comment: Keeps openai_held_total equal to the sum of held_cost of the reservations in state held, per connexion.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' and p.proname = 'keep_held_total'
-- SECURITY DEFINER: the API roles may only read the totals; what a reservation adds or removes is decided here.
CREATE FUNCTION public.keep_held_total() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp
AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.state = 'held' THEN
    UPDATE public.openai_held_total SET held = held - OLD.held_cost
     WHERE openai_connexion_id = OLD.openai_connexion_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.state = 'held' THEN
    INSERT INTO public.openai_held_total AS t (openai_connexion_id, organisation_id, held)
    VALUES (NEW.openai_connexion_id, NEW.organisation_id, NEW.held_cost)
    ON CONFLICT (openai_connexion_id) DO UPDATE SET held = t.held + EXCLUDED.held;
  END IF;
  RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION public.keep_held_total() FROM PUBLIC;
COMMENT ON FUNCTION public.keep_held_total() IS 'AFTER INSERT/UPDATE/DELETE on openai_reservation: removes what the old row held, adds what the new row holds.';

--changeset openai-connexion:0025-keep-held-total-trigger runOnChange:false
--comment: The trigger, and the totals of the reservations already there (the table is locked against writes meanwhile).
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_trigger where tgname = 'trg_keep_held_total_openai_reservation'
LOCK TABLE public.openai_reservation IN SHARE ROW EXCLUSIVE MODE;
CREATE TRIGGER trg_keep_held_total_openai_reservation AFTER INSERT OR UPDATE OR DELETE ON public.openai_reservation
  FOR EACH ROW EXECUTE FUNCTION public.keep_held_total();
DELETE FROM public.openai_held_total;
INSERT INTO public.openai_held_total (openai_connexion_id, organisation_id, held)
SELECT openai_connexion_id, (array_agg(organisation_id))[1], sum(held_cost)
  FROM public.openai_reservation
 WHERE state = 'held'
 GROUP BY openai_connexion_id;

--changeset openai-connexion:0025-openai-held-cost-from-total runOnChange:false splitStatements:false
--comment: openai_held_cost reads the running total, minus the holds past their expiry that are still marked held.
CREATE OR REPLACE FUNCTION public.openai_held_cost(p_connexion_id uuid, p_at timestamp with time zone) RETURNS numeric
  LANGUAGE plpgsql VOLATILE
  SET search_path = public, pg_temp
AS $$
BEGIN
  -- One query, so one snapshot for both terms.
  RETURN (SELECT coalesce((SELECT t.held FROM public.openai_held_total t WHERE t.openai_connexion_id = p_connexion_id), 0)
               - (SELECT coalesce(sum(r.held_cost), 0)
                    FROM public.openai_reservation r
                   WHERE r.openai_connexion_id = p_connexion_id
                     AND r.state = 'held'
                     AND r.expires_at <= p_at));
END
$$;
COMMENT ON FUNCTION public.openai_held_cost(uuid, timestamp with time zone) IS 'USD held by the open (held, unexpired at p_at) reservations of a connexion: the running total (openai_held_total) minus the held ones past their expiry. VOLATILE on purpose: a fresh snapshot, so that called after the connexion row lock it sees the holds committed by the previous lock holder.';
