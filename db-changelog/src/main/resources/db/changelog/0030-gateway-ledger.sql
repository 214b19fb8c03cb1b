--liquibase formatted sql logicalFilePath:db/changelog/0030-gateway-ledger.sql

-- The OpenAI-compatible gateway (additive). Calls it forwards are admitted and settled through the same ledger as
-- authorizeRequest / recordUsage; two things are new: a denial when OpenAI itself reported the account's quota used
-- up, and OpenAI's x-request-id on the usage event of a forwarded call (to match the ledger with OpenAI's own logs).

--changeset openai-connexion:0030-denial-reason-openai-quota-exceeded runOnChange:false
--comment: authorizeRequest and the gateway deny OPENAI_QUOTA_EXCEEDED while OpenAI reports the account's quota used up.
ALTER TABLE public.openai_authorization DROP CONSTRAINT IF EXISTS openai_authorization_denial_reason_check;
ALTER TABLE public.openai_authorization ADD CONSTRAINT openai_authorization_denial_reason_check CHECK (denial_reason = ANY (ARRAY['CONNEXION_INACTIVE'::text, 'CONNEXION_ERROR'::text, 'CONNEXION_EXPIRED'::text, 'MODEL_NOT_ALLOWED'::text, 'MODEL_NOT_PRICED'::text, 'DAILY_QUOTA_EXCEEDED'::text, 'MONTHLY_BUDGET_EXCEEDED'::text, 'OPENAI_QUOTA_EXCEEDED'::text]));

--changeset openai-connexion:0030-usage-event-upstream-request-id runOnChange:false
--comment: The usage event of a call forwarded by the gateway keeps OpenAI's request id.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_attribute a join pg_catalog.pg_class c on c.oid = a.attrelid join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = 'openai_usage_event' and a.attname = 'upstream_request_id' and not a.attisdropped
ALTER TABLE public.openai_usage_event ADD COLUMN upstream_request_id text;
ALTER TABLE public.openai_usage_event ADD CONSTRAINT openai_usage_event_upstream_request_id_check
  CHECK (upstream_request_id IS NULL OR length(upstream_request_id) BETWEEN 1 AND 200);
COMMENT ON COLUMN public.openai_usage_event.upstream_request_id IS 'OpenAI''s x-request-id of a call forwarded by the gateway; NULL for usage recorded with recordUsage or when OpenAI sent none.';
