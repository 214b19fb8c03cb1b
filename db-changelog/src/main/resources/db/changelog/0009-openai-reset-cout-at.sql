--liquibase formatted sql logicalFilePath:db/changelog/0009-openai-reset-cout-at.sql

-- Additive column the domain needs (not in the seed): when the monthly cost next rolls over,
-- symmetrical to openai_reset_quota_at. Added on adoption too (the live table lacks it).

--changeset openai-connexion:0009-openai-reset-cout-at runOnChange:false
--comment: openai_connexion.openai_reset_cout_at, nullable, no default: no table rewrite.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_attribute a join pg_catalog.pg_class c on c.oid = a.attrelid join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = 'openai_connexion' and a.attname = 'openai_reset_cout_at' and not a.attisdropped
ALTER TABLE public.openai_connexion ADD COLUMN openai_reset_cout_at timestamp with time zone NULL;
COMMENT ON COLUMN public.openai_connexion.openai_reset_cout_at IS 'When the monthly cost (openai_cout_actuel_mois) next rolls over; symmetrical to openai_reset_quota_at.';
