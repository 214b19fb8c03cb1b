package fr.presenca.connexion.adapter.in.graphql;

/**
 * A request the API refuses, with the contract's error code. Messages are written for the client and never
 * carry secrets or internals.
 */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final String field;

    public ApiException(ErrorCode code, String message) {
        this(code, null, message);
    }

    public ApiException(ErrorCode code, String field, String message) {
        super(message, null, false, false);
        this.code = code;
        this.field = field;
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(ErrorCode.BAD_REQUEST, field, field + ": " + message);
    }

    public ErrorCode code() {
        return code;
    }

    /** The input field at fault (a path like {@code filter.organisationId}), or null. */
    public String field() {
        return field;
    }
}
