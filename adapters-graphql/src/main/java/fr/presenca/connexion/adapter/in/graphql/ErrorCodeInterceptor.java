package fr.presenca.connexion.adapter.in.graphql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        GraphqlErrorBuilder<?> builder = GraphqlErrorBuilder.newError()
                .message(error.getMessage())
                .errorType(error.getErrorType())
                .extensions(extensions);
        if (!error.getParsedPath().isEmpty()) {
            builder.path(error.getParsedPath());
        }
        if (!error.getLocations().isEmpty()) {
            builder.locations(error.getLocations());
        }
        return builder.build();
    }

    private static ErrorCode codeOf(ErrorClassification type) {
        if (type == ErrorType.InvalidSyntax || type == ErrorType.ValidationError
                || type == org.springframework.graphql.execution.ErrorType.BAD_REQUEST) {
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
