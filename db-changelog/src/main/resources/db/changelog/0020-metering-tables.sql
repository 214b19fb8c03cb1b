--liquibase formatted sql logicalFilePath:db/changelog/0020-metering-tables.sql

-- Metering (not in the seed, additive): model prices, reservations (costs held by admitted
-- requests), the decisions of authorizeRequest keyed by idempotency key, and the ledger of usage
-- events. Each table is created only when absent, so an adopted database keeps what it has.
-- Money is numeric(10,4) like openai_connexion's; prices keep 6 places (OpenAI publishes e.g. 0.075).
-- created_by columns hold the caller's token subject and have no foreign key on purpose: a
-- service_role subject need not be a user, and the ledger must keep who called after a user is deleted.

--changeset openai-connexion:0020-openai-model-price-table runOnChange:false
--comment: USD list prices per million tokens, per OpenAI model.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = 'openai_model_price'
CREATE TABLE public.openai_model_price (
  model text NOT NULL,
  input_per_million numeric(14,6) NOT NULL,
  output_per_million numeric(14,6) NOT NULL,
  updated_at timestamp with time zone NOT NULL DEFAULT now(),
  updated_by uuid,
  CONSTRAINT openai_model_price_pkey PRIMARY KEY (model),
  CONSTRAINT openai_model_price_model_check CHECK (length(model) BETWEEN 1 AND 100),
  CONSTRAINT openai_model_price_prices_check CHECK (input_per_million >= 0 AND output_per_million >= 0)
);
COMMENT ON TABLE public.openai_model_price IS 'USD price per million tokens of each OpenAI model; a model without a row cannot be metered. Readable by every caller, written by PRESENCA admins and service_role.';
COMMENT ON COLUMN public.openai_model_price.model IS 'OpenAI model name, exact and case-sensitive (e.g. gpt-4o-mini).';
COMMENT ON COLUMN public.openai_model_price.input_per_million IS 'USD per 1,000,000 input (prompt) tokens.';
COMMENT ON COLUMN public.openai_model_price.output_per_million IS 'USD per 1,000,000 output (completion) tokens.';
COMMENT ON COLUMN public.openai_model_price.updated_at IS 'When the price was last set.';
COMMENT ON COLUMN public.openai_model_price.updated_by IS 'Token subject of whoever last set the price (no FK: may be a service_role subject).';

--changeset openai-connexion:0020-openai-reservation-table runOnChange:false
--comment: Costs held against a connexion's monthly budget by admitted requests until their usage is recorded.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = 'openai_reservation'
CREATE TABLE public.openai_reservation (
  reservation_id uuid NOT NULL DEFAULT gen_random_uuid(),
  openai_connexion_id uuid NOT NULL,
  organisation_id uuid NOT NULL,
  model text NOT NULL,
  held_cost numeric(10,4) NOT NULL,
  state text NOT NULL DEFAULT 'held'::text,
  expires_at timestamp with time zone NOT NULL,
  settled_at timestamp with time zone,
  created_at timestamp with time zone NOT NULL DEFAULT now(),
  created_by uuid,
  CONSTRAINT openai_reservation_pkey PRIMARY KEY (reservation_id),
  CONSTRAINT openai_reservation_openai_connexion_id_fkey FOREIGN KEY (openai_connexion_id) REFERENCES public.openai_connexion(openai_connexion_id) ON DELETE CASCADE,
  CONSTRAINT openai_reservation_held_cost_check CHECK (held_cost >= 0),
  CONSTRAINT openai_reservation_state_check CHECK (state = ANY (ARRAY['held'::text, 'settled'::text, 'expired'::text])),
  CONSTRAINT openai_reservation_settled_check CHECK ((state = 'settled') = (settled_at IS NOT NULL))
);
-- The sum of open holds of one connexion is read on every authorizeRequest: an index-only scan.
CREATE INDEX openai_reservation_open_holds_idx ON public.openai_reservation (openai_connexion_id, expires_at) INCLUDE (held_cost) WHERE state = 'held';
COMMENT ON TABLE public.openai_reservation IS 'Estimated costs held against a connexion''s monthly budget by admitted requests. A held reservation counts until it is settled by recordUsage or its expiry passes (no scheduler needed: expired holds are ignored, and marked expired lazily).';
COMMENT ON COLUMN public.openai_reservation.organisation_id IS 'The connexion''s organisation, copied at insert (trigger) so that row-level security compares one column instead of joining openai_connexion.';
COMMENT ON COLUMN public.openai_reservation.reservation_id IS 'Reservation id, returned by authorizeRequest.';
COMMENT ON COLUMN public.openai_reservation.openai_connexion_id IS 'The connexion whose budget holds the cost.';
COMMENT ON COLUMN public.openai_reservation.model IS 'The model the request was admitted for; recordUsage must name the same.';
COMMENT ON COLUMN public.openai_reservation.held_cost IS 'USD held: price x (estimated input + max output tokens), rounded up; 0 without an estimate.';
COMMENT ON COLUMN public.openai_reservation.state IS 'held (counts against the budget until expires_at), settled (usage recorded) or expired.';
COMMENT ON COLUMN public.openai_reservation.expires_at IS 'When the hold stops counting (admission instant + reservation TTL).';
COMMENT ON COLUMN public.openai_reservation.settled_at IS 'When recordUsage settled it; NULL unless settled.';
COMMENT ON COLUMN public.openai_reservation.created_at IS 'Admission instant.';
COMMENT ON COLUMN public.openai_reservation.created_by IS 'Token subject of the caller (no FK: may be a service_role subject).';

--changeset openai-connexion:0020-openai-authorization-table runOnChange:false
--comment: The first answer of authorizeRequest per connexion and idempotency key.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = 'openai_authorization'
CREATE TABLE public.openai_authorization (
  openai_connexion_id uuid NOT NULL,
  organisation_id uuid NOT NULL,
  idempotency_key text NOT NULL,
  model text NOT NULL,
  allowed boolean NOT NULL,
  denial_reason text,
  reservation_id uuid,
  remaining_requests integer,
  remaining_budget numeric(10,4),
  expires_at timestamp with time zone,
  created_at timestamp with time zone NOT NULL DEFAULT now(),
  created_by uuid,
  CONSTRAINT openai_authorization_pkey PRIMARY KEY (openai_connexion_id, idempotency_key),
  CONSTRAINT openai_authorization_openai_connexion_id_fkey FOREIGN KEY (openai_connexion_id) REFERENCES public.openai_connexion(openai_connexion_id) ON DELETE CASCADE,
  CONSTRAINT openai_authorization_reservation_id_fkey FOREIGN KEY (reservation_id) REFERENCES public.openai_reservation(reservation_id) ON DELETE CASCADE,
  CONSTRAINT openai_authorization_idempotency_key_check CHECK (length(idempotency_key) BETWEEN 1 AND 200),
  CONSTRAINT openai_authorization_denial_reason_check CHECK (denial_reason = ANY (ARRAY['CONNEXION_INACTIVE'::text, 'CONNEXION_ERROR'::text, 'CONNEXION_EXPIRED'::text, 'MODEL_NOT_ALLOWED'::text, 'MODEL_NOT_PRICED'::text, 'DAILY_QUOTA_EXCEEDED'::text, 'MONTHLY_BUDGET_EXCEEDED'::text])),
  CONSTRAINT openai_authorization_answer_check CHECK (allowed = (denial_reason IS NULL) AND allowed = (reservation_id IS NOT NULL))
);
COMMENT ON TABLE public.openai_authorization IS 'Every authorizeRequest decision, allowed or denied, keyed by (connexion, idempotency key): a retry with the same key gets this first answer back and counts nothing.';
COMMENT ON COLUMN public.openai_authorization.organisation_id IS 'The connexion''s organisation, copied at insert (trigger) so that row-level security compares one column instead of joining openai_connexion.';
COMMENT ON COLUMN public.openai_authorization.openai_connexion_id IS 'The connexion asked.';
COMMENT ON COLUMN public.openai_authorization.idempotency_key IS 'The caller''s idempotency key (1 to 200 characters), unique per connexion.';
COMMENT ON COLUMN public.openai_authorization.model IS 'The model asked for.';
COMMENT ON COLUMN public.openai_authorization.allowed IS 'Whether the request was admitted.';
COMMENT ON COLUMN public.openai_authorization.denial_reason IS 'Why it was denied (API DenialReason name); NULL when allowed.';
COMMENT ON COLUMN public.openai_authorization.reservation_id IS 'The reservation made when allowed.';
COMMENT ON COLUMN public.openai_authorization.remaining_requests IS 'Requests left today after this decision; NULL = unlimited.';
COMMENT ON COLUMN public.openai_authorization.remaining_budget IS 'USD left this month after recorded costs and holds; NULL = unlimited.';
COMMENT ON COLUMN public.openai_authorization.expires_at IS 'When the reservation expires; NULL when denied.';
COMMENT ON COLUMN public.openai_authorization.created_at IS 'Decision instant.';
COMMENT ON COLUMN public.openai_authorization.created_by IS 'Token subject of the caller (no FK: may be a service_role subject).';

--changeset openai-connexion:0020-openai-usage-event-table runOnChange:false
--comment: The ledger: one row per completed OpenAI call, with its exact cost.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = 'openai_usage_event'
CREATE TABLE public.openai_usage_event (
  usage_event_id uuid NOT NULL DEFAULT gen_random_uuid(),
  openai_connexion_id uuid NOT NULL,
  organisation_id uuid NOT NULL,
  model text NOT NULL,
  input_tokens integer NOT NULL,
  output_tokens integer NOT NULL,
  cost numeric(10,4) NOT NULL,
  reservation_id uuid,
  idempotency_key text NOT NULL,
  created_at timestamp with time zone NOT NULL DEFAULT now(),
  created_by uuid,
  CONSTRAINT openai_usage_event_pkey PRIMARY KEY (usage_event_id),
  CONSTRAINT openai_usage_event_openai_connexion_id_fkey FOREIGN KEY (openai_connexion_id) REFERENCES public.openai_connexion(openai_connexion_id) ON DELETE CASCADE,
  CONSTRAINT openai_usage_event_reservation_id_fkey FOREIGN KEY (reservation_id) REFERENCES public.openai_reservation(reservation_id) ON DELETE CASCADE,
  CONSTRAINT openai_usage_event_idempotency_key_key UNIQUE (openai_connexion_id, idempotency_key),
  CONSTRAINT openai_usage_event_reservation_id_key UNIQUE (reservation_id),
  CONSTRAINT openai_usage_event_idempotency_key_check CHECK (length(idempotency_key) BETWEEN 1 AND 200),
  CONSTRAINT openai_usage_event_tokens_check CHECK (input_tokens >= 0 AND output_tokens >= 0),
  CONSTRAINT openai_usage_event_cost_check CHECK (cost >= 0)
);
CREATE INDEX openai_usage_event_listing_idx ON public.openai_usage_event (openai_connexion_id, created_at, usage_event_id);
COMMENT ON TABLE public.openai_usage_event IS 'Ledger of completed OpenAI calls, append-only: tokens and exact cost, added to the connexion''s monthly cost in the same transaction.';
COMMENT ON COLUMN public.openai_usage_event.organisation_id IS 'The connexion''s organisation, copied at insert (trigger) so that row-level security compares one column instead of joining openai_connexion.';
COMMENT ON COLUMN public.openai_usage_event.usage_event_id IS 'Usage event id.';
COMMENT ON COLUMN public.openai_usage_event.openai_connexion_id IS 'The connexion charged.';
COMMENT ON COLUMN public.openai_usage_event.model IS 'The model called.';
COMMENT ON COLUMN public.openai_usage_event.input_tokens IS 'Input (prompt) tokens reported by OpenAI.';
COMMENT ON COLUMN public.openai_usage_event.output_tokens IS 'Output (completion) tokens reported by OpenAI.';
COMMENT ON COLUMN public.openai_usage_event.cost IS 'Exact cost in USD, rounded up to 4 places; 0 for a model without a price.';
COMMENT ON COLUMN public.openai_usage_event.reservation_id IS 'The reservation this usage settled, if any (at most one event per reservation).';
COMMENT ON COLUMN public.openai_usage_event.idempotency_key IS 'The caller''s idempotency key, unique per connexion.';
COMMENT ON COLUMN public.openai_usage_event.created_at IS 'When the usage was recorded.';
COMMENT ON COLUMN public.openai_usage_event.created_by IS 'Token subject of the caller (no FK: may be a service_role subject).';

--changeset openai-connexion:0020-metering-organisation-function runOnChange:false splitStatements:false
--comment: Copies the connexion's organisation onto metering rows at insert.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' and p.proname = 'set_metering_organisation'
-- SECURITY DEFINER: it must read the connexion whatever the caller may see. The row-level security WITH CHECK
-- then compares this true organisation with the caller's, so a row for a foreign connexion is still refused.
CREATE FUNCTION public.set_metering_organisation() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp
AS $$
BEGIN
  SELECT c.organisation_id INTO NEW.organisation_id
    FROM public.openai_connexion c
   WHERE c.openai_connexion_id = NEW.openai_connexion_id;
  RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION public.set_metering_organisation() FROM PUBLIC;
COMMENT ON FUNCTION public.set_metering_organisation() IS 'BEFORE INSERT on metering tables: organisation_id := the connexion''s organisation.';

--changeset openai-connexion:0020-metering-organisation-triggers runOnChange:false
--comment: Metering rows carry their connexion's organisation.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_trigger where tgname in ('trg_set_organisation_openai_reservation', 'trg_set_organisation_openai_authorization', 'trg_set_organisation_openai_usage_event')
CREATE TRIGGER trg_set_organisation_openai_reservation BEFORE INSERT ON public.openai_reservation
  FOR EACH ROW EXECUTE FUNCTION public.set_metering_organisation();
CREATE TRIGGER trg_set_organisation_openai_authorization BEFORE INSERT ON public.openai_authorization
  FOR EACH ROW EXECUTE FUNCTION public.set_metering_organisation();
CREATE TRIGGER trg_set_organisation_openai_usage_event BEFORE INSERT ON public.openai_usage_event
  FOR EACH ROW EXECUTE FUNCTION public.set_metering_organisation();
