package fr.presenca.connexion.adapter.in.graphql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import graphql.ErrorClassification;
import graphql.ErrorType;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Gives every error that graphql-java raises before any data fetcher runs (syntax, validation, variable
 * coercion such as an unknown enum value) the contract's {@code extensions.code}: they are all BAD_REQUEST.
 */
@Component
class ErrorCodeInterceptor implements WebGraphQlInterceptor {

    /** The classification of graphql-java's {@code GoodFaithIntrospection.BadFaithIntrospectionError}. */
    private static final String BAD_FAITH_INTROSPECTION = "BadFaithIntrospection";
    private static final Pattern ENUM_ERROR = Pattern.compile("enum '(\\w+)'");
    private static final Map<String, String> ENUM_FIELDS = Map.of(
            "ClientType", "clientType", "ConnexionStatus", "status");

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        return chain.next(request).map(response -> {
            if (response.getErrors().stream().allMatch(error -> error.getExtensions().containsKey("code"))) {
                return response;
            }
            return response.transform(builder -> builder.errors(withCodes(response.getErrors())));
        });
    }

    private static List<GraphQLError> withCodes(List<ResponseError> errors) {
        return errors.stream().map(ErrorCodeInterceptor::withCode).toList();
    }

    private static GraphQLError withCode(ResponseError error) {
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
        if (type == ErrorType.InvalidSyntax || type == ErrorType.ValidationError || type == ErrorType.ExecutionAborted
                || type == org.springframework.graphql.execution.ErrorType.BAD_REQUEST
                // graphql-java's GoodFaithIntrospection refusal, should it ever run (OperationLimits turns it off).
                || (type != null && BAD_FAITH_INTROSPECTION.equals(type.toString()))) {
            return ErrorCode.BAD_REQUEST;
        }
        if (type == org.springframework.graphql.execution.ErrorType.UNAUTHORIZED) {
            return ErrorCode.UNAUTHENTICATED;
        }
        if (type == org.springframework.graphql.execution.ErrorType.FORBIDDEN) {
            return ErrorCode.FORBIDDEN;
        }
        if (type == org.springframework.graphql.execution.ErrorType.NOT_FOUND) {
            return ErrorCode.NOT_FOUND;
        }
        return ErrorCode.INTERNAL;
    }
}
