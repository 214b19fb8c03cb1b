package fr.presenca.connexion.application.verification;

/** What OpenAI's answer to a key check said about the connexion. */
public enum KeyVerdict {
    /** The key was accepted: lastSyncAt set, a status OpenAI had set lifted. */
    ACCEPTED,
    /** An account-wide refusal (invalid key, quota used up, service refused): the status it calls for is set. */
    REFUSED,
    /** A refusal that says nothing about the account (a missing scope, a rate limit, a 5xx): nothing changed. */
    NO_VERDICT
}
