-- One authorizeRequest, statement for statement as R2dbcMeteringPersistenceAdapter (and PipelinedCallerTransactions)
-- issue it: BEGIN with the caller's claims and role (transaction-local) in one message; lock + load; the admission
-- write (or the denial write); COMMIT. 4 round trips here; the service writes the load right behind the first message
-- without waiting (3), which pgbench's simple protocol cannot. The bind parameters ($n) become literals (pgbench's simple protocol):
-- the connexion id from :first…:last, a fresh idempotency key and reservation id per call, the caller
-- :subject. The decision the service makes in Java (domain policies) is reduced to the daily quota here
-- (\if on the loaded row, client-side, no round trip); the counters written are the loaded ones plus one.
-- Variables: -D first=… -D last=… -D subject=<users_id>.
\set n random(:first, :last)
\set r1 random(10000000, 99999999)
\set r2 random(100000000000, 999999999999)
\set k random(1, 999999999999)
begin \; select set_config('request.jwt.claims', '{"sub":":subject","role":"authenticated"}', true), set_config('role', 'authenticated', true);
select l.*, p.model as price_model, p.input_per_million as price_input_per_million, p.cached_input_per_million as price_cached_input_per_million, p.output_per_million as price_output_per_million, p.max_output_tokens as price_max_output_tokens, p.effective_from as price_effective_from, m.spent as month_spent, m.reset_at as month_reset_at, public.openai_held_cost(l.openai_connexion_id, now()) as held_cost, a.allowed as previous_allowed, a.denial_reason as previous_denial_reason, a.reservation_id as previous_reservation_id, a.remaining_requests as previous_remaining_requests, a.remaining_budget as previous_remaining_budget, a.expires_at as previous_expires_at from (select * from public.openai_connexion where openai_connexion_id = '00000000-0000-4000-8000-:n' for update) l left join lateral (select * from public.openai_model_price where model = 'gpt-4o-mini' and effective_from <= now() order by effective_from desc limit 1) p on true left join lateral public.openai_month_cost_of(l.openai_connexion_id) m on true left join lateral public.openai_authorization_by_key(l.openai_connexion_id, 'pgbench-:client_id-:k') a on true \gset
\set usage :openai_usage_quotidien + 1
\set hold (:price_input_per_million * 1000 + :price_output_per_million * 500) / 1000000.0
\set budget :openai_limite_cout_mois - :openai_cout_actuel_mois - :held_cost - :hold
\if :usage <= :openai_limite_quotidienne
\set remaining :openai_limite_quotidienne - :usage
with counters as (
  update public.openai_connexion
     set openai_usage_quotidien = :usage, openai_reset_quota_at = ':openai_reset_quota_at', openai_cout_actuel_mois = :openai_cout_actuel_mois,
         openai_reset_cout_at = ':openai_reset_cout_at', openai_statut_connexion = case when :remaining = 0 then 'quota_exceeded' else 'active' end
   where openai_connexion_id = '00000000-0000-4000-8000-:n'
  returning 1), hold as (
  insert into public.openai_reservation
         (reservation_id, openai_connexion_id, model, held_cost, state, expires_at, created_at, created_by)
  values (':r1-0000-4000-8000-:r2', '00000000-0000-4000-8000-:n', 'gpt-4o-mini', :hold, 'held', now() + interval '10 minutes', now(), ':subject')
  returning 1
), lapsed as (
  update public.openai_reservation set state = 'expired'
   where openai_connexion_id = '00000000-0000-4000-8000-:n' and state = 'held' and expires_at <= now()
)
insert into public.openai_authorization
       (openai_connexion_id, idempotency_key, model, allowed, denial_reason, reservation_id,
        remaining_requests, remaining_budget, expires_at, created_at, created_by)
select '00000000-0000-4000-8000-:n'::uuid, 'pgbench-:client_id-:k', 'gpt-4o-mini', true, null, ':r1-0000-4000-8000-:r2'::uuid, :remaining, :budget, now() + interval '10 minutes', now(), ':subject'::uuid
 where exists (select 1 from counters) and exists (select 1 from hold);
\else
insert into public.openai_authorization
       (openai_connexion_id, idempotency_key, model, allowed, denial_reason, reservation_id,
        remaining_requests, remaining_budget, expires_at, created_at, created_by)
values ('00000000-0000-4000-8000-:n', 'pgbench-:client_id-:k', 'gpt-4o-mini', false, 'DAILY_QUOTA_EXCEEDED', null, 0, :budget + :hold, null, now(), ':subject');
\endif
COMMIT;
