--liquibase formatted sql logicalFilePath:db/changelog/0022-metering-functions.sql

-- Reads that the metering statements make AFTER locking the connexion row, in the same statement.
--
-- Why functions: authorizeRequest and recordUsage take the connexion row lock with
-- SELECT ... FOR UPDATE. In READ COMMITTED a statement that waited for that lock returns the
-- latest version of the locked row, but every other table it reads still comes from the snapshot
-- taken when the statement STARTED, i.e. before the previous lock holder committed: a plain
-- sub-select would miss the hold, the decision or the settlement that holder just wrote, and
-- concurrent requests would overspend. A VOLATILE function takes a fresh snapshot for each query it
-- runs (and is never inlined), so called on the locked row - LATERAL to the locking sub-select - it
-- sees everything committed before the lock was granted. One round trip instead of two, and the
-- lock is held for one round trip less.
--
-- SECURITY INVOKER (the default): they read as the caller, under its row-level security.

--changeset openai-connexion:0022-openai-held-cost runOnChange:false splitStatements:false
--comment: openai_held_cost(connexion, at): USD held by the connexion's open reservations at an instant, read with a fresh snapshot.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' and p.proname = 'openai_held_cost'
CREATE FUNCTION public.openai_held_cost(p_connexion_id uuid, p_at timestamp with time zone) RETURNS numeric
  LANGUAGE plpgsql VOLATILE
  SET search_path = public, pg_temp
AS $$
BEGIN
  RETURN (SELECT coalesce(sum(r.held_cost), 0)
            FROM public.openai_reservation r
           WHERE r.openai_connexion_id = p_connexion_id
             AND r.state = 'held'
             AND r.expires_at > p_at);
END
$$;
COMMENT ON FUNCTION public.openai_held_cost(uuid, timestamp with time zone) IS 'USD held by the open (held, unexpired at p_at) reservations of a connexion. VOLATILE on purpose: a fresh snapshot, so that called after the connexion row lock it sees the holds committed by the previous lock holder.';
REVOKE EXECUTE ON FUNCTION public.openai_held_cost(uuid, timestamp with time zone) FROM PUBLIC;

--changeset openai-connexion:0022-openai-authorization-by-key runOnChange:false splitStatements:false
--comment: openai_authorization_by_key(connexion, key): the first authorizeRequest answer under a key, read with a fresh snapshot.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' and p.proname = 'openai_authorization_by_key'
CREATE FUNCTION public.openai_authorization_by_key(p_connexion_id uuid, p_idempotency_key text) RETURNS SETOF public.openai_authorization
  LANGUAGE plpgsql VOLATILE
  SET search_path = public, pg_temp
AS $$
BEGIN
  RETURN QUERY SELECT a.* FROM public.openai_authorization a
                WHERE a.openai_connexion_id = p_connexion_id AND a.idempotency_key = p_idempotency_key;
END
$$;
COMMENT ON FUNCTION public.openai_authorization_by_key(uuid, text) IS 'The recorded authorizeRequest answer for (connexion, idempotency key), if any. VOLATILE on purpose: a fresh snapshot, so that a racing duplicate that waited for the row lock sees the first answer.';
REVOKE EXECUTE ON FUNCTION public.openai_authorization_by_key(uuid, text) FROM PUBLIC;

--changeset openai-connexion:0022-openai-usage-event-by-key runOnChange:false splitStatements:false
--comment: openai_usage_event_by_key(connexion, key): the usage event recorded under a key, read with a fresh snapshot.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' and p.proname = 'openai_usage_event_by_key'
CREATE FUNCTION public.openai_usage_event_by_key(p_connexion_id uuid, p_idempotency_key text) RETURNS SETOF public.openai_usage_event
  LANGUAGE plpgsql VOLATILE
  SET search_path = public, pg_temp
AS $$
BEGIN
  RETURN QUERY SELECT e.* FROM public.openai_usage_event e
                WHERE e.openai_connexion_id = p_connexion_id AND e.idempotency_key = p_idempotency_key;
END
$$;
COMMENT ON FUNCTION public.openai_usage_event_by_key(uuid, text) IS 'The usage event recorded for (connexion, idempotency key), if any. VOLATILE on purpose: a fresh snapshot, so that a racing duplicate that waited for the row lock sees the first event.';
REVOKE EXECUTE ON FUNCTION public.openai_usage_event_by_key(uuid, text) FROM PUBLIC;

--changeset openai-connexion:0022-openai-reservation-of runOnChange:false splitStatements:false
--comment: openai_reservation_of(connexion, reservation): one reservation of a connexion, read with a fresh snapshot.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' and p.proname = 'openai_reservation_of'
CREATE FUNCTION public.openai_reservation_of(p_connexion_id uuid, p_reservation_id uuid) RETURNS SETOF public.openai_reservation
  LANGUAGE plpgsql VOLATILE
  SET search_path = public, pg_temp
AS $$
BEGIN
  RETURN QUERY SELECT r.* FROM public.openai_reservation r
                WHERE r.reservation_id = p_reservation_id AND r.openai_connexion_id = p_connexion_id;
END
$$;
COMMENT ON FUNCTION public.openai_reservation_of(uuid, uuid) IS 'The reservation p_reservation_id if it belongs to connexion p_connexion_id. VOLATILE on purpose: a fresh snapshot, so that a racing settlement that waited for the row lock sees the reservation already settled.';
REVOKE EXECUTE ON FUNCTION public.openai_reservation_of(uuid, uuid) FROM PUBLIC;
