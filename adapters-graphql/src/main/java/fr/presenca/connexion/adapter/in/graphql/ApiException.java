package fr.presenca.connexion.adapter.in.graphql;

import java.util.List;

/**
 * A request the API refuses, with the contract's error code. Messages are written for the client and never
 * carry secrets or internals.
 */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final List<String> fields;

    public ApiException(ErrorCode code, String message) {
        this(code, List.of(), message);
    }

    public ApiException(ErrorCode code, List<String> fields, String message) {
        super(message, null, false, false);
        this.code = code;
        this.fields = List.copyOf(fields);
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(ErrorCode.BAD_REQUEST, List.of(field), field + ": " + message);
    }

    public ErrorCode code() {
        return code;
    }

    /** The input fields at fault (paths like {@code filter.organisationId}); empty when not about a field. */
    public List<String> fields() {
        return fields;
    }
}
