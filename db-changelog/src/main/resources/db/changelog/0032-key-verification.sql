--liquibase formatted sql logicalFilePath:db/changelog/0032-key-verification.sql

-- The schedule of the periodic verification of stored OpenAI keys (additive; used only when
-- presenca.openai.verify-interval is set). One row per connexion a round has checked: when, when it is next due, and
-- how many checks in a row got no verdict (OpenAI out of reach, a 5xx...), which lengthens the delay before the next.
-- Kept in the database so that every instance follows the same schedule: a connexion is checked once per interval
-- whichever instance runs the round, and one OpenAI refused is not checked again at every instance's tick.
-- Only the service itself reads and writes it, as service_role (BYPASSRLS): row-level security is enabled with no
-- policy, and authenticated is granted nothing, so a caller's token never sees it.

--changeset openai-connexion:0032-key-verification-table runOnChange:false
--comment: The periodic key verification's schedule, service_role only.
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = 'openai_key_verification'
CREATE TABLE public.openai_key_verification (
  openai_connexion_id uuid NOT NULL,
  checked_at timestamp with time zone NOT NULL,
  next_check_at timestamp with time zone NOT NULL,
  failures integer NOT NULL DEFAULT 0,
  CONSTRAINT openai_key_verification_pkey PRIMARY KEY (openai_connexion_id),
  CONSTRAINT openai_key_verification_openai_connexion_id_fkey FOREIGN KEY (openai_connexion_id) REFERENCES public.openai_connexion(openai_connexion_id) ON DELETE CASCADE,
  CONSTRAINT openai_key_verification_failures_check CHECK (failures >= 0),
  CONSTRAINT openai_key_verification_next_check_at_check CHECK (next_check_at >= checked_at)
);
COMMENT ON TABLE public.openai_key_verification IS 'When each connexion''s stored OpenAI key was last checked by the periodic verification, and when it is next due (service_role only).';
COMMENT ON COLUMN public.openai_key_verification.openai_connexion_id IS 'The connexion checked.';
COMMENT ON COLUMN public.openai_key_verification.checked_at IS 'End of its latest periodic check, answered or not.';
COMMENT ON COLUMN public.openai_key_verification.next_check_at IS 'When a round checks it next: an interval after an answer, sooner (growing) after a check without a verdict.';
COMMENT ON COLUMN public.openai_key_verification.failures IS 'Checks in a row without a verdict (OpenAI out of reach or out of time, a 5xx, a rate limit); 0 after an answer.';
ALTER TABLE public.openai_key_verification ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON TABLE public.openai_key_verification FROM anon, authenticated;
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE public.openai_key_verification TO service_role;
