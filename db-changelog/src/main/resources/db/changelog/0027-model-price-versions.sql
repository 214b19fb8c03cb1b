--liquibase formatted sql logicalFilePath:db/changelog/0027-model-price-versions.sql

-- Prices as OpenAI bills them, versioned (additive). A model now has one row per version of its prices, in effect
-- from effective_from until the next version's: a usage is priced with the version in effect when its reservation
-- was admitted (or when it was recorded, without one), so a price change never alters a recorded cost, and the
-- history is kept. Each version also has the cached-input price (prompt tokens OpenAI served from its cache) and the
-- model's own output cap (the bound of a gateway call that sets no maximum).
-- The prices already there become versions in effect since 1970 (before any usage), their cached-input price
-- the input price (what they were charged so far), their output cap unknown.

--changeset openai-connexion:0027-model-price-versions runOnChange:false
--comment: openai_model_price holds versions: (model, effective_from) is the key; cached-input price and output cap added.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_attribute a join pg_catalog.pg_class c on c.oid = a.attrelid join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = 'openai_model_price' and a.attname = 'effective_from' and not a.attisdropped
ALTER TABLE public.openai_model_price ADD COLUMN cached_input_per_million numeric(14,6);
ALTER TABLE public.openai_model_price ADD COLUMN max_output_tokens integer;
ALTER TABLE public.openai_model_price ADD COLUMN effective_from timestamp with time zone NOT NULL DEFAULT '1970-01-01 00:00:00+00';
UPDATE public.openai_model_price SET cached_input_per_million = input_per_million WHERE cached_input_per_million IS NULL;
ALTER TABLE public.openai_model_price ALTER COLUMN cached_input_per_million SET NOT NULL;
ALTER TABLE public.openai_model_price ALTER COLUMN effective_from SET DEFAULT now();
ALTER TABLE public.openai_model_price DROP CONSTRAINT openai_model_price_pkey;
ALTER TABLE public.openai_model_price ADD CONSTRAINT openai_model_price_pkey PRIMARY KEY (model, effective_from);
ALTER TABLE public.openai_model_price ADD CONSTRAINT openai_model_price_cached_input_check CHECK (cached_input_per_million >= 0);
ALTER TABLE public.openai_model_price ADD CONSTRAINT openai_model_price_max_output_tokens_check CHECK (max_output_tokens >= 0);
COMMENT ON TABLE public.openai_model_price IS 'Versions of the USD prices per million tokens of each OpenAI model, each in effect from effective_from until the next version''s; a model without a version in effect cannot be metered. Readable by every caller, written by PRESENCA admins and service_role.';
COMMENT ON COLUMN public.openai_model_price.cached_input_per_million IS 'USD per 1,000,000 cached input tokens (prompt tokens served from OpenAI''s cache, part of the input tokens).';
COMMENT ON COLUMN public.openai_model_price.max_output_tokens IS 'The model''s own maximum of output tokens per call, the bound of a call that sets none; NULL when unknown.';
COMMENT ON COLUMN public.openai_model_price.effective_from IS 'From when this version prices calls; versions in effect are never rewritten.';
COMMENT ON COLUMN public.openai_model_price.updated_at IS 'When this version was set.';
COMMENT ON COLUMN public.openai_model_price.updated_by IS 'Token subject of whoever set this version (no FK: may be a service_role subject).';
