--liquibase formatted sql logicalFilePath:db/changelog/0005-openai-connexion-table.sql

-- The openai_connexion table exactly as documented by the Supabase seed (section 1):
-- columns, types, defaults, CHECK and FK constraints with their names and ON DELETE rules.

--changeset openai-connexion:0005-openai-connexion-table runOnChange:false
--comment: Per-tenant OpenAI connexions (seed definition, verbatim).
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = 'openai_connexion'
CREATE TABLE public.openai_connexion (
  openai_connexion_id uuid NOT NULL DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL,
  client_type text NOT NULL DEFAULT 'reseau'::text,
  client_id uuid NOT NULL,
  openai_api_key text,
  openai_email_compte text,
  openai_organisation_id text,
  openai_project_id text,
  openai_actif boolean NOT NULL DEFAULT true,
  openai_date_activation timestamp with time zone NOT NULL DEFAULT now(),
  openai_derniere_synchro timestamp with time zone,
  openai_statut_connexion text NOT NULL DEFAULT 'active'::text,
  openai_derniere_erreur text,
  openai_limite_quotidienne integer,
  openai_usage_quotidien integer DEFAULT 0,
  openai_reset_quota_at timestamp with time zone,
  openai_modeles_autorises text[] DEFAULT '{gpt-3.5-turbo,gpt-4}'::text[],
  openai_cout_actuel_mois numeric(10,4) DEFAULT 0.0000,
  openai_limite_cout_mois numeric(10,4) DEFAULT NULL::numeric,
  openai_created_at timestamp with time zone NOT NULL DEFAULT now(),
  openai_created_by uuid,
  openai_updated_at timestamp with time zone NOT NULL DEFAULT now(),
  openai_updated_by uuid,
  openai_audit_log jsonb DEFAULT '{}'::jsonb,
  openai_ia_extensions jsonb DEFAULT '{}'::jsonb,
  CONSTRAINT openai_connexion_client_type_check CHECK (client_type = ANY (ARRAY['reseau'::text, 'reseau_agence'::text, 'agence_independante'::text])),
  CONSTRAINT openai_connexion_openai_created_by_fkey FOREIGN KEY (openai_created_by) REFERENCES public.users(users_id) ON DELETE SET NULL,
  CONSTRAINT openai_connexion_openai_statut_connexion_check CHECK (openai_statut_connexion = ANY (ARRAY['active'::text, 'inactive'::text, 'error'::text, 'expired'::text, 'quota_exceeded'::text])),
  CONSTRAINT openai_connexion_openai_updated_by_fkey FOREIGN KEY (openai_updated_by) REFERENCES public.users(users_id) ON DELETE SET NULL,
  CONSTRAINT openai_connexion_organisation_id_fkey FOREIGN KEY (organisation_id) REFERENCES public.organisations(organisation_id) ON DELETE CASCADE,
  CONSTRAINT openai_connexion_pkey PRIMARY KEY (openai_connexion_id)
);
COMMENT ON TABLE public.openai_connexion IS 'Per-tenant OpenAI connexions of PRESENCA: API key, allowed models, daily quota, monthly cost. Isolated by organisation through RLS.';
COMMENT ON COLUMN public.openai_connexion.openai_connexion_id IS 'Connexion id.';
COMMENT ON COLUMN public.openai_connexion.organisation_id IS 'Owning organisation (tenant).';
COMMENT ON COLUMN public.openai_connexion.client_type IS 'reseau (network), reseau_agence (agency of a network) or agence_independante (independent agency).';
COMMENT ON COLUMN public.openai_connexion.client_id IS 'The network or agency the connexion serves.';
COMMENT ON COLUMN public.openai_connexion.openai_api_key IS 'OpenAI API key (secret, optional). Never exposed by the API.';
COMMENT ON COLUMN public.openai_connexion.openai_email_compte IS 'E-mail of the OpenAI account.';
COMMENT ON COLUMN public.openai_connexion.openai_organisation_id IS 'OpenAI organisation id (org-...).';
COMMENT ON COLUMN public.openai_connexion.openai_project_id IS 'OpenAI project id (proj_...).';
COMMENT ON COLUMN public.openai_connexion.openai_actif IS 'Enabled flag.';
COMMENT ON COLUMN public.openai_connexion.openai_date_activation IS 'When the connexion was (last) activated.';
COMMENT ON COLUMN public.openai_connexion.openai_derniere_synchro IS 'Last successful synchronisation with OpenAI.';
COMMENT ON COLUMN public.openai_connexion.openai_statut_connexion IS 'Status: active, inactive, error, expired or quota_exceeded.';
COMMENT ON COLUMN public.openai_connexion.openai_derniere_erreur IS 'Last error message.';
COMMENT ON COLUMN public.openai_connexion.openai_limite_quotidienne IS 'Daily request limit; NULL means unlimited.';
COMMENT ON COLUMN public.openai_connexion.openai_usage_quotidien IS 'Requests used today.';
COMMENT ON COLUMN public.openai_connexion.openai_reset_quota_at IS 'When the daily usage next resets.';
COMMENT ON COLUMN public.openai_connexion.openai_modeles_autorises IS 'Allowed model names.';
COMMENT ON COLUMN public.openai_connexion.openai_cout_actuel_mois IS 'Cost this month (USD).';
COMMENT ON COLUMN public.openai_connexion.openai_limite_cout_mois IS 'Monthly cost limit (USD); NULL means unlimited.';
COMMENT ON COLUMN public.openai_connexion.openai_created_at IS 'Creation instant (set by trigger).';
COMMENT ON COLUMN public.openai_connexion.openai_created_by IS 'Creating user (set by trigger).';
COMMENT ON COLUMN public.openai_connexion.openai_updated_at IS 'Last modification instant (set by trigger).';
COMMENT ON COLUMN public.openai_connexion.openai_updated_by IS 'Last modifying user (set by trigger).';
COMMENT ON COLUMN public.openai_connexion.openai_audit_log IS 'Audit journal (JSON).';
COMMENT ON COLUMN public.openai_connexion.openai_ia_extensions IS 'Free-form AI settings (JSON object).';
