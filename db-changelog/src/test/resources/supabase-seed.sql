-- What the live Supabase project of PRESENCA holds, on top of supabase-project.sql (run first, by the superuser),
-- before this service's changelog ever ran: the platform's directory, and the seed's table, triggers and policies as
-- the seed documents them, written the way a Supabase project holds them rather than the way this changelog writes
-- them: other function bodies ("live" markers), Supabase's usual trigger bodies (auth.uid() written straight into
-- the audit fields), other directory policies, extra directory columns, rows with plaintext API keys.

-- Everything of public is the project's postgres role's.
SET ROLE supabase_postgres;

-- Platform directory, richer than the service's minimal one.
CREATE TABLE public.organisations (
  organisation_id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL,
  siret text,
  type_organisation text DEFAULT 'reseau'::text,
  created_at timestamp with time zone NOT NULL DEFAULT now(),
  updated_at timestamp with time zone NOT NULL DEFAULT now(),
  CONSTRAINT organisations_pkey PRIMARY KEY (organisation_id)
);

CREATE TABLE public.users (
  users_id uuid NOT NULL DEFAULT gen_random_uuid(),
  email text NOT NULL,
  nom text,
  prenom text,
  organisation_id uuid,
  admin_presenca boolean NOT NULL DEFAULT false,
  created_at timestamp with time zone NOT NULL DEFAULT now(),
  last_login_at timestamp with time zone,
  CONSTRAINT users_pkey PRIMARY KEY (users_id),
  CONSTRAINT users_email_key UNIQUE (email),
  CONSTRAINT users_organisation_id_fkey FOREIGN KEY (organisation_id) REFERENCES organisations(organisation_id) ON DELETE SET NULL
);

-- Live helper functions: other bodies than the changelog's, to prove they are not rewritten.
CREATE FUNCTION public.is_admin_presenca(p_user_id uuid) RETURNS boolean
  LANGUAGE plpgsql STABLE SECURITY DEFINER
  SET search_path = public
AS $$
BEGIN
  -- live: PRESENCA administrators carry the admin_presenca flag
  RETURN EXISTS (SELECT 1 FROM users WHERE users_id = p_user_id AND admin_presenca = true);
END;
$$;

CREATE FUNCTION public.get_user_organisation_id(p_user_id uuid) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public
AS $$
  -- live: one organisation per user
  SELECT organisation_id FROM users WHERE users_id = p_user_id LIMIT 1
$$;

-- The seed's table, section 1, verbatim (no openai_reset_cout_at).
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
  CONSTRAINT openai_connexion_openai_created_by_fkey FOREIGN KEY (openai_created_by) REFERENCES users(users_id) ON DELETE SET NULL,
  CONSTRAINT openai_connexion_openai_statut_connexion_check CHECK (openai_statut_connexion = ANY (ARRAY['active'::text, 'inactive'::text, 'error'::text, 'expired'::text, 'quota_exceeded'::text])),
  CONSTRAINT openai_connexion_openai_updated_by_fkey FOREIGN KEY (openai_updated_by) REFERENCES users(users_id) ON DELETE SET NULL,
  CONSTRAINT openai_connexion_organisation_id_fkey FOREIGN KEY (organisation_id) REFERENCES organisations(organisation_id) ON DELETE CASCADE,
  CONSTRAINT openai_connexion_pkey PRIMARY KEY (openai_connexion_id)
);

-- The seed's audit functions in Supabase's usual form: the caller written straight into the audit fields.
CREATE FUNCTION public.set_created_audit_fields_openai_connexion() RETURNS trigger
  LANGUAGE plpgsql
AS $$
BEGIN
  -- live audit (insert)
  NEW.openai_created_at = now();
  NEW.openai_updated_at = now();
  NEW.openai_created_by = auth.uid();
  NEW.openai_updated_by = auth.uid();
  RETURN NEW;
END;
$$;

CREATE FUNCTION public.update_audit_fields_openai_connexion() RETURNS trigger
  LANGUAGE plpgsql
AS $$
BEGIN
  -- live audit (update)
  NEW.openai_updated_at = now();
  NEW.openai_updated_by = auth.uid();
  RETURN NEW;
END;
$$;

CREATE TRIGGER trg_set_created_audit_fields_openai_connexion
  BEFORE INSERT ON public.openai_connexion
  FOR EACH ROW EXECUTE FUNCTION set_created_audit_fields_openai_connexion();
CREATE TRIGGER trg_update_audit_fields_openai_connexion
  BEFORE UPDATE ON public.openai_connexion
  FOR EACH ROW EXECUTE FUNCTION update_audit_fields_openai_connexion();

-- RLS: the seed's policies on openai_connexion; the platform's own on the directory.
ALTER TABLE public.openai_connexion ENABLE ROW LEVEL SECURITY;
CREATE POLICY admin_presenca_full_access_openai_connexion ON public.openai_connexion
  FOR ALL USING (is_admin_presenca(auth.uid())) WITH CHECK (is_admin_presenca(auth.uid()));
CREATE POLICY organisation_only_access_openai_connexion ON public.openai_connexion
  FOR ALL USING ((organisation_id = get_user_organisation_id(auth.uid())))
  WITH CHECK ((organisation_id = get_user_organisation_id(auth.uid())));

ALTER TABLE public.organisations ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Users can view their own organisation" ON public.organisations
  FOR SELECT USING (organisation_id = get_user_organisation_id(auth.uid()) OR is_admin_presenca(auth.uid()));

ALTER TABLE public.users ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Users can view their own profile" ON public.users
  FOR SELECT USING (users_id = auth.uid() OR is_admin_presenca(auth.uid()));

-- Live rows, written through the API as their users (the audit triggers record them), plaintext API keys included.
INSERT INTO public.organisations (organisation_id, name, siret, type_organisation) VALUES
  ('a0000000-0000-4000-8000-00000000000a', 'Réseau Atlantique', '12345678900011', 'reseau'),
  ('b0000000-0000-4000-8000-00000000000b', 'Agence Bretagne', NULL, 'agence_independante');

INSERT INTO public.users (users_id, email, nom, prenom, organisation_id, admin_presenca) VALUES
  ('11111111-1111-4111-8111-111111111111', 'alice@atlantique.test', 'Martin', 'Alice', 'a0000000-0000-4000-8000-00000000000a', false),
  ('22222222-2222-4222-8222-222222222222', 'bob@bretagne.test', 'Durand', 'Bob', 'b0000000-0000-4000-8000-00000000000b', false),
  ('99999999-9999-4999-8999-999999999999', 'admin@presenca.test', 'Admin', 'Presenca', NULL, true);

SELECT set_config('request.jwt.claims', '{"sub":"11111111-1111-4111-8111-111111111111","role":"authenticated"}', false);
INSERT INTO public.openai_connexion (openai_connexion_id, organisation_id, client_type, client_id, openai_api_key,
    openai_email_compte, openai_organisation_id, openai_project_id, openai_statut_connexion, openai_limite_quotidienne,
    openai_usage_quotidien, openai_modeles_autorises, openai_cout_actuel_mois, openai_limite_cout_mois,
    openai_audit_log, openai_ia_extensions) VALUES
  ('c1000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-00000000000a', 'reseau',
    'a0000000-0000-4000-8000-00000000000a', 'sk-proj-LIVEPLAINTEXTKEYatlantique0001', 'ia@atlantique.test', 'org-atl123',
    'proj_atl456', 'active', 1000, 17, '{gpt-4o-mini,gpt-4o}', 12.3400, 100.0000,
    '{"events":[{"at":"2025-09-01","what":"created"}]}', '{"temperature":0.2}');
SELECT set_config('request.jwt.claims', '', false);
INSERT INTO public.openai_connexion (openai_connexion_id, organisation_id, client_type, client_id, openai_api_key,
    openai_statut_connexion, openai_usage_quotidien) VALUES
  ('c1000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-00000000000a', 'reseau_agence',
    'a1000000-0000-4000-8000-0000000000a1', NULL, 'inactive', 0);
SELECT set_config('request.jwt.claims', '{"sub":"22222222-2222-4222-8222-222222222222","role":"authenticated"}', false);
INSERT INTO public.openai_connexion (openai_connexion_id, organisation_id, client_type, client_id, openai_api_key,
    openai_email_compte, openai_statut_connexion, openai_limite_quotidienne, openai_usage_quotidien,
    openai_modeles_autorises, openai_cout_actuel_mois, openai_limite_cout_mois) VALUES
  ('c1000000-0000-4000-8000-000000000003', 'b0000000-0000-4000-8000-00000000000b', 'agence_independante',
    'b0000000-0000-4000-8000-00000000000b', 'sk-test-LIVEPLAINTEXTbretagne0003', 'contact@bretagne.test',
    'quota_exceeded', 50, 50, '{gpt-3.5-turbo}', 99.9999, 100.0000);
-- Later edited by a PRESENCA admin: its last editor is not its creator.
SELECT set_config('request.jwt.claims', '{"sub":"99999999-9999-4999-8999-999999999999","role":"authenticated"}', false);
UPDATE public.openai_connexion SET openai_derniere_erreur = 'Monthly quota reached'
 WHERE openai_connexion_id = 'c1000000-0000-4000-8000-000000000003';
SELECT set_config('request.jwt.claims', '', false);
RESET ROLE;
