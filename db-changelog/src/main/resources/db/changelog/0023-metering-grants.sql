--liquibase formatted sql logicalFilePath:db/changelog/0023-metering-grants.sql

-- Privileges of the API roles on the metering objects. GRANT is idempotent: applied on adoption too.
-- Rows are filtered by RLS (0021); service_role bypasses it. The ledger and the decisions are
-- append-only for the API roles (no UPDATE, no DELETE); reservations are updated when settled or
-- expired; prices are written by admins only (RLS). anon gets nothing.

--changeset openai-connexion:0023-metering-grants runOnChange:false
--comment: Table and function privileges of authenticated and service_role on the metering objects.
GRANT SELECT, INSERT, UPDATE ON TABLE public.openai_model_price TO authenticated, service_role;
GRANT SELECT, INSERT, UPDATE ON TABLE public.openai_reservation TO authenticated, service_role;
GRANT SELECT, INSERT ON TABLE public.openai_authorization, public.openai_usage_event TO authenticated, service_role;
GRANT EXECUTE ON FUNCTION public.openai_held_cost(uuid, timestamp with time zone),
  public.openai_authorization_by_key(uuid, text), public.openai_usage_event_by_key(uuid, text),
  public.openai_reservation_of(uuid, uuid) TO authenticated, service_role;
