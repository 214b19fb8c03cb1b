--liquibase formatted sql logicalFilePath:db/changelog/0040-api-roles-closed-on-added-objects.sql

-- anon (the role of Supabase's public API key) gets nothing on what this changelog adds to the seed. In a Supabase
-- project the default privileges of public grant ALL on every new table, sequence and function to anon,
-- authenticated and service_role, so the objects created by changesets 0012 and 0020-0025 were granted to anon
-- there: this closes them (REVOKE is idempotent; on a new database it changes nothing). The functions also lose
-- PUBLIC's EXECUTE, through which anon could call them: the roles the service uses have explicit grants (0023),
-- and triggers fire whatever the privileges on their function.
-- What later changesets create is closed by 0048/0049, for every changeset, without a list to keep.

--changeset openai-connexion:0040-close-added-objects-to-anon runOnChange:false
--comment: anon has no privilege on the tables and functions this changelog added before 0040.
REVOKE ALL ON TABLE public.openai_model_price, public.openai_reservation, public.openai_authorization,
  public.openai_usage_event, public.openai_held_total FROM anon;
REVOKE ALL ON FUNCTION public.notify_openai_connexion_change(), public.set_metering_organisation(),
  public.keep_held_total(), public.openai_held_cost(uuid, timestamp with time zone),
  public.openai_authorization_by_key(uuid, text), public.openai_usage_event_by_key(uuid, text),
  public.openai_reservation_of(uuid, uuid) FROM PUBLIC, anon;
