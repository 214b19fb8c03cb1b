--liquibase formatted sql logicalFilePath:db/changelog/0031-gateway-keys.sql

-- Gateway keys (additive): long-lived credentials of partner back-ends, each scoped to one connexion and usable only
-- on the OpenAI-compatible gateway. Only the key's SHA-256 is stored (the key is 32 random bytes: a hash cannot be
-- reversed or guessed, so no pepper is needed). Members manage the keys of their organisation's connexions like the
-- connexions themselves (RLS mirrors the seed's two policies on openai_connexion).
--
-- A call made with a gateway key runs as `authenticated` with no user: its claims carry only the key's hash
-- (presenca_gateway_key), so the seed's policies grant it nothing, and the policies added below grant it the rows of
-- the key's connexion and of nothing else. The database itself thus scopes a key to its connexion.

--changeset openai-connexion:0031-gateway-key-table runOnChange:false
--comment: The gateway keys table, with its row-level security.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = 'openai_gateway_key'
CREATE TABLE public.openai_gateway_key (
  gateway_key_id uuid NOT NULL,
  openai_connexion_id uuid NOT NULL,
  organisation_id uuid,
  key_hash bytea NOT NULL,
  name text NOT NULL,
  hint text NOT NULL,
  created_at timestamp with time zone NOT NULL DEFAULT now(),
  created_by uuid,
  expires_at timestamp with time zone,
  last_used_at timestamp with time zone,
  revoked_at timestamp with time zone,
  CONSTRAINT openai_gateway_key_pkey PRIMARY KEY (gateway_key_id),
  CONSTRAINT openai_gateway_key_key_hash_key UNIQUE (key_hash),
  CONSTRAINT openai_gateway_key_openai_connexion_id_fkey FOREIGN KEY (openai_connexion_id) REFERENCES public.openai_connexion(openai_connexion_id) ON DELETE CASCADE,
  CONSTRAINT openai_gateway_key_key_hash_check CHECK (octet_length(key_hash) = 32),
  CONSTRAINT openai_gateway_key_name_check CHECK (length(name) BETWEEN 1 AND 100),
  CONSTRAINT openai_gateway_key_hint_check CHECK (length(hint) BETWEEN 1 AND 20)
);
CREATE INDEX openai_gateway_key_connexion_idx ON public.openai_gateway_key (openai_connexion_id, created_at);
COMMENT ON TABLE public.openai_gateway_key IS 'Gateway keys: credentials of partner back-ends on /openai/v1, each for one connexion; only their SHA-256 is kept.';
COMMENT ON COLUMN public.openai_gateway_key.gateway_key_id IS 'The key''s id (derived from its hash by the service).';
COMMENT ON COLUMN public.openai_gateway_key.openai_connexion_id IS 'The only connexion the key calls with.';
COMMENT ON COLUMN public.openai_gateway_key.organisation_id IS 'The connexion''s organisation, copied at insert, for row-level security.';
COMMENT ON COLUMN public.openai_gateway_key.key_hash IS 'SHA-256 of the key''s text; the text itself is never stored.';
COMMENT ON COLUMN public.openai_gateway_key.name IS 'What the key is for, as its creator named it.';
COMMENT ON COLUMN public.openai_gateway_key.hint IS 'The key''s prefix, an ellipsis and its last 4 characters.';
COMMENT ON COLUMN public.openai_gateway_key.created_at IS 'When the key was created.';
COMMENT ON COLUMN public.openai_gateway_key.created_by IS 'Token subject of the creator (no FK: may be a service_role subject).';
COMMENT ON COLUMN public.openai_gateway_key.expires_at IS 'When the key stops working; NULL = never.';
COMMENT ON COLUMN public.openai_gateway_key.last_used_at IS 'Start of its latest call, to the minute (written at most once a minute).';
COMMENT ON COLUMN public.openai_gateway_key.revoked_at IS 'When the key was revoked; NULL = not revoked.';
CREATE TRIGGER trg_set_organisation_openai_gateway_key BEFORE INSERT ON public.openai_gateway_key
  FOR EACH ROW EXECUTE FUNCTION public.set_metering_organisation();
ALTER TABLE public.openai_gateway_key ENABLE ROW LEVEL SECURITY;
CREATE POLICY admin_presenca_full_access_openai_gateway_key ON public.openai_gateway_key
  AS PERMISSIVE FOR ALL TO public
  USING ((SELECT public.is_admin_presenca(auth.uid())))
  WITH CHECK ((SELECT public.is_admin_presenca(auth.uid())));
CREATE POLICY organisation_only_access_openai_gateway_key ON public.openai_gateway_key
  AS PERMISSIVE FOR ALL TO public
  USING (organisation_id = (SELECT public.get_user_organisation_id(auth.uid())))
  WITH CHECK (organisation_id = (SELECT public.get_user_organisation_id(auth.uid())));

--changeset openai-connexion:0031-gateway-key-connexion-function runOnChange:false splitStatements:false
--comment: The connexion of the gateway key named by the transaction's claims, for the row-level security policies.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' and p.proname = 'openai_gateway_key_connexion'
-- Whatever the key's state: a call admitted before a revocation is still settled. Each call's first read
-- (openai_gateway_key_use) is what refuses a revoked or expired key.
CREATE FUNCTION public.openai_gateway_key_connexion() RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
AS $$
  SELECT k.openai_connexion_id FROM public.openai_gateway_key k
   WHERE k.key_hash = decode(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'presenca_gateway_key', 'hex')
$$;
REVOKE ALL ON FUNCTION public.openai_gateway_key_connexion() FROM PUBLIC;
COMMENT ON FUNCTION public.openai_gateway_key_connexion() IS 'The connexion of the gateway key whose SHA-256 (hex) is the claim presenca_gateway_key; NULL without one.';

--changeset openai-connexion:0031-gateway-key-use-function runOnChange:false splitStatements:false
--comment: A gateway call's first read: the connexion of a valid key, and its last use noted at most once a minute.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' and p.proname = 'openai_gateway_key_use'
CREATE FUNCTION public.openai_gateway_key_use() RETURNS uuid
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = public, pg_temp
AS $$
DECLARE
  v_hash bytea := decode(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'presenca_gateway_key', 'hex');
  v_connexion uuid;
BEGIN
  IF v_hash IS NULL THEN
    RETURN NULL;
  END IF;
  SELECT k.openai_connexion_id INTO v_connexion FROM public.openai_gateway_key k
   WHERE k.key_hash = v_hash AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now());
  -- No write per call: only when the noted use is a minute old.
  UPDATE public.openai_gateway_key SET last_used_at = now()
   WHERE v_connexion IS NOT NULL AND key_hash = v_hash
     AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute');
  RETURN v_connexion;
END
$$;
REVOKE ALL ON FUNCTION public.openai_gateway_key_use() FROM PUBLIC;
COMMENT ON FUNCTION public.openai_gateway_key_use() IS 'The connexion of the valid (not revoked, not expired) gateway key named by the claim presenca_gateway_key, else NULL; sets its last_used_at when a minute old.';

--changeset openai-connexion:0031-gateway-key-scoped-policies runOnChange:false
--comment: A gateway key's calls see and write the rows of its connexion, and of no other.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_policies where schemaname = 'public' and policyname like 'gateway_key_access_%'
CREATE POLICY gateway_key_access_openai_connexion ON public.openai_connexion
  AS PERMISSIVE FOR ALL TO authenticated
  USING (openai_connexion_id = (SELECT public.openai_gateway_key_connexion()))
  WITH CHECK (openai_connexion_id = (SELECT public.openai_gateway_key_connexion()));
CREATE POLICY gateway_key_access_openai_reservation ON public.openai_reservation
  AS PERMISSIVE FOR ALL TO authenticated
  USING (openai_connexion_id = (SELECT public.openai_gateway_key_connexion()))
  WITH CHECK (openai_connexion_id = (SELECT public.openai_gateway_key_connexion()));
CREATE POLICY gateway_key_access_openai_authorization ON public.openai_authorization
  AS PERMISSIVE FOR ALL TO authenticated
  USING (openai_connexion_id = (SELECT public.openai_gateway_key_connexion()))
  WITH CHECK (openai_connexion_id = (SELECT public.openai_gateway_key_connexion()));
CREATE POLICY gateway_key_access_openai_usage_event ON public.openai_usage_event
  AS PERMISSIVE FOR ALL TO authenticated
  USING (openai_connexion_id = (SELECT public.openai_gateway_key_connexion()))
  WITH CHECK (openai_connexion_id = (SELECT public.openai_gateway_key_connexion()));
CREATE POLICY gateway_key_access_openai_month_cost ON public.openai_month_cost
  AS PERMISSIVE FOR ALL TO authenticated
  USING (openai_connexion_id = (SELECT public.openai_gateway_key_connexion()))
  WITH CHECK (openai_connexion_id = (SELECT public.openai_gateway_key_connexion()));
CREATE POLICY gateway_key_access_openai_held_total ON public.openai_held_total
  AS PERMISSIVE FOR SELECT TO authenticated
  USING (openai_connexion_id = (SELECT public.openai_gateway_key_connexion()));
CREATE POLICY gateway_key_access_openai_usage_daily ON public.openai_usage_daily
  AS PERMISSIVE FOR SELECT TO authenticated
  USING (openai_connexion_id = (SELECT public.openai_gateway_key_connexion()));

--changeset openai-connexion:0031-gateway-key-grants runOnChange:false
--comment: Privileges of the API roles on the gateway keys; a key's hash, connexion and dates are never rewritten.
REVOKE ALL ON TABLE public.openai_gateway_key FROM anon;
GRANT SELECT, INSERT ON TABLE public.openai_gateway_key TO authenticated, service_role;
GRANT UPDATE (revoked_at) ON TABLE public.openai_gateway_key TO authenticated, service_role;
GRANT EXECUTE ON FUNCTION public.openai_gateway_key_connexion(), public.openai_gateway_key_use() TO authenticated, service_role;
