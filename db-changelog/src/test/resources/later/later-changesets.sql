--liquibase formatted sql logicalFilePath:later/later-changesets.sql

-- Stands for a changeset added after 0049 by someone who knows nothing of anon: no revoke, no RLS.

--changeset test:later-objects splitStatements:false
CREATE TABLE public.later_ledger (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, amount numeric(12,6) NOT NULL);
CREATE SEQUENCE public.later_invoice_number;
CREATE VIEW public.later_totals AS SELECT sum(amount) AS total FROM public.later_ledger;
CREATE FUNCTION public.later_round(p numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT round(p, 4) $$;
CREATE SCHEMA later_billing;
CREATE TABLE later_billing.later_invoice (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
GRANT SELECT ON public.later_ledger TO authenticated;
GRANT USAGE ON SCHEMA later_billing TO anon, authenticated;
GRANT SELECT ON later_billing.later_invoice TO PUBLIC;
