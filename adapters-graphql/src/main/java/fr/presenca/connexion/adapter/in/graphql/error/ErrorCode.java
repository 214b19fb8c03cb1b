package fr.presenca.connexion.adapter.in.graphql.error;

/**
 * The contract's {@code extensions.code} values. UNAVAILABLE (the database cannot be reached, or a wait timed out) is
 * the one a client retries, with the same idempotency key; INTERNAL is a bug.
 */
public enum ErrorCode {
    BAD_REQUEST, NOT_FOUND, FORBIDDEN, CONFLICT, UNAUTHENTICATED, UNAVAILABLE, INTERNAL
}
