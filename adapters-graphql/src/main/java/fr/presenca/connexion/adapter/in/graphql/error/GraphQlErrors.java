package fr.presenca.connexion.adapter.in.graphql.error;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.domain.DomainError;
import graphql.ErrorClassification;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.execution.ErrorType;

/**
 * The one mapping to the contract's GraphQL errors: classification, {@code extensions.code}, message and the input
 * fields at fault ({@code extensions.field}, the first, and {@code extensions.fields}, all of them).
 * <ul>
 *   <li>a use case's refusal, one answer per kind of {@link ApplicationError} (a new kind does not compile until it
 *       has one here): invalid input BAD_REQUEST naming every field at fault, an illegal transition or inconsistent
 *       state CONFLICT; an invisible connexion NOT_FOUND on {@code connexionId}, a reservation that is not this
 *       connexion's NOT_FOUND on {@code reservationId}, a settled or expired reservation or another model
 *       BAD_REQUEST on {@code reservationId} / {@code model}; an unknown reference BAD_REQUEST on its field;
 *       FORBIDDEN; CONFLICT;</li>
 *   <li>UNAVAILABLE (retry with the same idempotency key) and INTERNAL (a bug, no detail);</li>
 *   <li>the errors graphql-java raises before any data fetcher runs (syntax, validation, variable coercion such as
 *       an unknown enum value), all BAD_REQUEST, and Spring's own by their classification.</li>
 * </ul>
 */
final class GraphQlErrors {

    static final ErrorClassification UNAVAILABLE = ErrorClassification.errorClassification("UNAVAILABLE");

    /** The classification of graphql-java's {@code GoodFaithIntrospection.BadFaithIntrospectionError}. */
    private static final String BAD_FAITH_INTROSPECTION = "BadFaithIntrospection";
    private static final Pattern ENUM_ERROR = Pattern.compile("enum '(\\w+)'");
    private static final Map<String, String> ENUM_FIELDS = Map.of(
            "ClientType", "clientType", "ConnexionStatus", "status");

    private GraphQlErrors() {
    }

    /** A use case's refusal, on the builder of the field that met it. */
    static GraphQLError refusal(ApplicationError error, GraphqlErrorBuilder<?> builder) {
        return error.accept(REFUSALS).on(builder);
    }

    static GraphQLError unavailable(String message, GraphqlErrorBuilder<?> builder) {
        return new Answer(ErrorCode.UNAVAILABLE, List.of(), message).on(builder);
    }

    static GraphQLError internal(GraphqlErrorBuilder<?> builder) {
        return new Answer(ErrorCode.INTERNAL, List.of(), "Internal error").on(builder);
    }

    /** An error the engine raised with no {@code extensions.code}, with one (and its field, for a bad enum value). */
    static GraphQLError withCode(ResponseError error) {
        Map<String, Object> extensions = new LinkedHashMap<>(error.getExtensions());
        extensions.putIfAbsent("code", codeOf(error.getErrorType()).name());
        String message = error.getMessage();
        // graphql-java names the enum, not the input field, of a bad enum value: name the field as the contract asks.
        Matcher enumError = ENUM_ERROR.matcher(message == null ? "" : message);
        if (enumError.find() && ENUM_FIELDS.containsKey(enumError.group(1))) {
            String field = ENUM_FIELDS.get(enumError.group(1));
            extensions.putIfAbsent("field", field);
            message = field + ": " + message;
        }
        GraphqlErrorBuilder<?> builder = GraphqlErrorBuilder.newError()
                .message(message)
                .errorType(error.getErrorType())
                .extensions(extensions);
        if (error.getParsedPath() != null && !error.getParsedPath().isEmpty()) {
            builder.path(error.getParsedPath());
        }
        if (error.getLocations() != null && !error.getLocations().isEmpty()) {
            builder.locations(error.getLocations());
        }
        return builder.build();
    }

    private static ErrorCode codeOf(ErrorClassification type) {
        if (type == graphql.ErrorType.InvalidSyntax || type == graphql.ErrorType.ValidationError
                || type == graphql.ErrorType.ExecutionAborted || type == ErrorType.BAD_REQUEST
                // graphql-java's GoodFaithIntrospection refusal, should it ever run (OperationLimits turns it off).
                || (type != null && BAD_FAITH_INTROSPECTION.equals(type.toString()))) {
            return ErrorCode.BAD_REQUEST;
        }
        if (type == ErrorType.UNAUTHORIZED) {
            return ErrorCode.UNAUTHENTICATED;
        }
        if (type == ErrorType.FORBIDDEN) {
            return ErrorCode.FORBIDDEN;
        }
        if (type == ErrorType.NOT_FOUND) {
            return ErrorCode.NOT_FOUND;
        }
        return ErrorCode.INTERNAL;
    }

    private static ErrorClassification classificationOf(ErrorCode code) {
        return switch (code) {
            case BAD_REQUEST -> ErrorType.BAD_REQUEST;
            case NOT_FOUND -> ErrorType.NOT_FOUND;
            case FORBIDDEN -> ErrorType.FORBIDDEN;
            case UNAUTHENTICATED -> ErrorType.UNAUTHORIZED;
            case UNAVAILABLE -> UNAVAILABLE;
            case CONFLICT, INTERNAL -> ErrorType.INTERNAL_ERROR;
        };
    }

    /** What the client is told: the code, the input fields at fault (may be none) and the message. */
    private record Answer(ErrorCode code, List<String> fields, String message) {

        Answer {
            fields = List.copyOf(fields);
        }

        static Answer onField(ErrorCode code, String field, String message) {
            return new Answer(code, List.of(field), message);
        }

        static Answer general(ErrorCode code, String message) {
            return new Answer(code, List.of(), message);
        }

        GraphQLError on(GraphqlErrorBuilder<?> builder) {
            Map<String, Object> extensions = new LinkedHashMap<>();
            extensions.put("code", code.name());
            if (!fields.isEmpty()) {
                extensions.put("field", fields.get(0));
                extensions.put("fields", fields);
            }
            return builder.errorType(classificationOf(code)).message(message).extensions(extensions).build();
        }
    }

    private static final ApplicationError.Visitor<Answer> REFUSALS = new ApplicationError.Visitor<>() {

        @Override
        public Answer rejected(ApplicationError.Rejected error) {
            return ofDomain(error.error());
        }

        @Override
        public Answer notFound(ApplicationError.NotFound error) {
            return Answer.general(ErrorCode.NOT_FOUND, error.message());
        }

        @Override
        public Answer connexionNotFound(ApplicationError.ConnexionNotFound error) {
            return Answer.onField(ErrorCode.NOT_FOUND, "connexionId", error.message());
        }

        @Override
        public Answer reservationNotFound(ApplicationError.ReservationNotFound error) {
            return Answer.onField(ErrorCode.NOT_FOUND, "reservationId", error.message());
        }

        @Override
        public Answer reservationRefused(ApplicationError.ReservationRefused error) {
            return Answer.onField(ErrorCode.BAD_REQUEST, error.problem().field(), error.message());
        }

        @Override
        public Answer invalidReference(ApplicationError.InvalidReference error) {
            return Answer.onField(ErrorCode.BAD_REQUEST, error.field(), error.message());
        }

        @Override
        public Answer forbidden(ApplicationError.Forbidden error) {
            return Answer.general(ErrorCode.FORBIDDEN, error.message());
        }

        @Override
        public Answer conflict(ApplicationError.Conflict error) {
            return Answer.general(ErrorCode.CONFLICT, error.message());
        }
    };

    /** The domain's refusals: about the input, BAD_REQUEST naming every field at fault; about the state, CONFLICT. */
    private static Answer ofDomain(DomainError error) {
        if (error instanceof DomainError.InvalidField field) {
            return Answer.onField(ErrorCode.BAD_REQUEST, field.field(), field.message());
        }
        if (error instanceof DomainError.InvalidFields fields) {
            return new Answer(ErrorCode.BAD_REQUEST, fields.fields().toJavaList(), fields.message());
        }
        if (error instanceof DomainError.IllegalTransition || error instanceof DomainError.InconsistentState) {
            return Answer.general(ErrorCode.CONFLICT, error.message());
        }
        throw new AssertionError("a domain error with no GraphQL answer: " + error);
    }
}
