--liquibase formatted sql logicalFilePath:db/changelog/0029-model-prices-2026.sql

-- OpenAI list prices, USD per 1M tokens, standard tier (no batch or flex discount), with the cached-input price and
-- each model's maximum output tokens per call.
-- Source: OpenAI API pricing (https://platform.openai.com/docs/pricing) and model pages
-- (https://platform.openai.com/docs/models), as published 2025-08-07 (GPT-5 launch): gpt-5, gpt-5-mini,
-- gpt-5-nano, gpt-4.1 (mini, nano), gpt-4o (mini), o3 (after its 2025-06 price cut), o4-mini,
-- text-embedding-3-small and -large, gpt-3.5-turbo, gpt-4, gpt-4-turbo. This service's build machine has no access to
-- those pages: none of them is re-confirmed for 2026-12. UNCONFIRMED: gpt-5.1 (same prices as gpt-5, from OpenAI's
-- 2025-11 announcement) and gpt-5.2 (from secondary sources dated 2026). Admins correct any of them with
-- upsertModelPrice (a new version; history kept).
-- Models without prompt caching (gpt-3.5-turbo, gpt-4, gpt-4-turbo, embeddings) have the cached-input price equal to
-- the input price. Embeddings produce no output tokens: output cap 0.
-- A model priced already (by the first seed or by an admin) keeps its prices; where they are still exactly the first
-- seed's list prices, the missing cached-input price and output cap are filled in (the same version: its input and
-- output prices do not change, and until now cached tokens were not told apart).

--changeset openai-connexion:0029-complete-seeded-prices runOnChange:false
--comment: The first seed's models get their cached-input price and output cap, where an admin has not changed them.
UPDATE public.openai_model_price p
   SET cached_input_per_million = v.cached, max_output_tokens = v.max_output
  FROM (VALUES
          ('gpt-3.5-turbo', 0.50, 0.50, 1.50, 4096),
          ('gpt-4', 30.00, 30.00, 60.00, 8192),
          ('gpt-4-turbo', 10.00, 10.00, 30.00, 4096),
          ('gpt-4o', 2.50, 1.25, 10.00, 16384),
          ('gpt-4o-mini', 0.15, 0.075, 0.60, 16384),
          ('gpt-4.1', 2.00, 0.50, 8.00, 32768),
          ('gpt-4.1-mini', 0.40, 0.10, 1.60, 32768),
          ('gpt-4.1-nano', 0.10, 0.025, 0.40, 32768)
       ) AS v(model, input, cached, output, max_output)
 WHERE p.model = v.model AND p.input_per_million = v.input AND p.output_per_million = v.output
   AND p.cached_input_per_million = p.input_per_million AND p.max_output_tokens IS NULL
   AND p.effective_from = '1970-01-01 00:00:00+00';

--changeset openai-connexion:0029-seed-current-models runOnChange:false
--comment: Seeds the models that the first seed (0024) did not have, where the model has no price at all (the first seed's models are completed above, never added back after an admin removed them).
INSERT INTO public.openai_model_price (model, input_per_million, cached_input_per_million, output_per_million,
                                       max_output_tokens, effective_from)
SELECT v.model, v.input, v.cached, v.output, v.max_output, '1970-01-01 00:00:00+00'
  FROM (VALUES
          ('gpt-5', 1.25, 0.125, 10.00, 128000),
          ('gpt-5-mini', 0.25, 0.025, 2.00, 128000),
          ('gpt-5-nano', 0.05, 0.005, 0.40, 128000),
          ('gpt-5.1', 1.25, 0.125, 10.00, 128000),
          ('gpt-5.2', 1.75, 0.175, 14.00, 128000),
          ('o3', 2.00, 0.50, 8.00, 100000),
          ('o4-mini', 1.10, 0.275, 4.40, 100000),
          ('text-embedding-3-small', 0.02, 0.02, 0, 0),
          ('text-embedding-3-large', 0.13, 0.13, 0, 0)
       ) AS v(model, input, cached, output, max_output)
 WHERE NOT EXISTS (SELECT 1 FROM public.openai_model_price p WHERE p.model = v.model);
