-- Copies the template connexion (created through the API, so with an encrypted API key, a daily limit and a
-- monthly budget) into the benchmark's sets, with predictable ids 00000000-0000-4000-8000-<12 digits> so that
-- pgbench can compute them from a random integer. Run by run.sh as the owner (postgres) with psql -v template=….
-- Two identical copies of each set: one driven through the service (1…), one by pgbench (2…), so that neither
-- run inherits the other's reservations (the budget check sums the open holds of the connexion).
--   x10000000000 + 1…1000  spread: 1,000 connexions, limits high enough that every call is admitted
--   x20000000000 + 1       hot: one connexion, every call on the same row lock
--   x30000000000 + 1…1000  denial: 1,000 connexions with a daily limit of :deny_limit (then every call is denied)
insert into public.openai_connexion
      (openai_connexion_id, organisation_id, client_type, client_id, openai_api_key, openai_email_compte,
       openai_organisation_id, openai_project_id, openai_actif, openai_date_activation, openai_statut_connexion,
       openai_limite_quotidienne, openai_usage_quotidien, openai_reset_quota_at, openai_modeles_autorises,
       openai_cout_actuel_mois, openai_limite_cout_mois, openai_reset_cout_at, openai_created_by, openai_updated_by,
       openai_audit_log, openai_ia_extensions)
select ('00000000-0000-4000-8000-' || lpad((s.base + g)::text, 12, '0'))::uuid, t.organisation_id, t.client_type,
       gen_random_uuid(), t.openai_api_key, t.openai_email_compte, t.openai_organisation_id, t.openai_project_id,
       t.openai_actif, t.openai_date_activation, t.openai_statut_connexion,
       coalesce(s.daily_limit, t.openai_limite_quotidienne), 0, t.openai_reset_quota_at, t.openai_modeles_autorises,
       t.openai_cout_actuel_mois, t.openai_limite_cout_mois, t.openai_reset_cout_at, t.openai_created_by,
       t.openai_updated_by, t.openai_audit_log, t.openai_ia_extensions
  from public.openai_connexion t,
       (values (110000000000, 1000, null::int), (120000000000, 1, null), (130000000000, 1000, :deny_limit),
               (210000000000, 1000, null::int), (220000000000, 1, null), (230000000000, 1000, :deny_limit))
         as s(base, n, daily_limit),
       generate_series(1, s.n) g
 where t.openai_connexion_id = :'template';
analyze public.openai_connexion;
