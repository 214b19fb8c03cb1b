package fr.presenca.connexion.application.verification;

/** How the periodic check of one connexion ended. */
public enum VerificationOutcome {
    /** OpenAI accepted the key. */
    ACCEPTED,
    /** OpenAI refused it for the whole account: the connexion's status says so now. */
    REFUSED,
    /** OpenAI answered without a verdict on the account (a missing scope, a rate limit, a 5xx): tried again sooner. */
    NO_VERDICT,
    /** OpenAI (or the database) out of reach or out of time: nothing changed, tried again after a growing delay. */
    UNAVAILABLE,
    /** Anything else that went wrong (a concurrent change won every attempt, a bug): tried again after a delay. */
    FAILED,
    /** Nothing to check any more: the connexion was deleted, or its key removed, since it was found due. */
    GONE
}
