--liquibase formatted sql logicalFilePath:db/changelog/0024-model-prices-seed.sql

-- OpenAI list prices, USD per 1M tokens, standard tier (no batch or cached-input discount).
-- Source: OpenAI API pricing, https://platform.openai.com/docs/pricing (and openai.com/api/pricing),
-- as published in 2025-06; GPT-4.1 and GPT-4.1 mini confirmed unchanged by mirrors of that page
-- dated 2026-03. Prices change: admins correct them with the upsertModelPrice mutation.
-- gpt-3.5-turbo is gpt-3.5-turbo-0125, gpt-4 the 8k gpt-4-0613, gpt-4o gpt-4o-2024-08-06.
-- A price already present (adopted database, or set by an admin) is kept.

--changeset openai-connexion:0024-model-prices-seed runOnChange:false
--comment: Seeds the list prices of the common OpenAI chat models; keeps existing rows.
INSERT INTO public.openai_model_price (model, input_per_million, output_per_million) VALUES
  ('gpt-3.5-turbo', 0.50, 1.50),
  ('gpt-4', 30.00, 60.00),
  ('gpt-4-turbo', 10.00, 30.00),
  ('gpt-4o', 2.50, 10.00),
  ('gpt-4o-mini', 0.15, 0.60),
  ('gpt-4.1', 2.00, 8.00),
  ('gpt-4.1-mini', 0.40, 1.60),
  ('gpt-4.1-nano', 0.10, 0.40)
ON CONFLICT (model) DO NOTHING;
