package fr.presenca.connexion.adapter.in.graphql;

/** The contract's {@code extensions.code} values. */
public enum ErrorCode {
    BAD_REQUEST, NOT_FOUND, FORBIDDEN, CONFLICT, UNAUTHENTICATED, INTERNAL
}
