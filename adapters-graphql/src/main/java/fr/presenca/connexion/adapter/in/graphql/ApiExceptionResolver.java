package fr.presenca.connexion.adapter.in.graphql;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;

import fr.presenca.connexion.application.error.UnavailableException;
import graphql.ErrorClassification;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.stereotype.Component;

/**
 * The one place where failures of data fetchers become GraphQL errors with the contract's codes. The database out of
 * reach or a wait that timed out is UNAVAILABLE with our own message (logged in one line: an outage fails every call).
 * Anything unexpected is logged here with its stack trace and answered as INTERNAL with no detail.
 */
@Component
class ApiExceptionResolver extends DataFetcherExceptionResolverAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ApiExceptionResolver.class);
    private static final ErrorClassification UNAVAILABLE = ErrorClassification.errorClassification("UNAVAILABLE");

    @Override
    protected GraphQLError resolveToSingleError(Throwable exception, DataFetchingEnvironment environment) {
        if (exception instanceof ApiException api) {
            Map<String, Object> extensions = new LinkedHashMap<>();
            extensions.put("code", api.code().name());
            if (!api.fields().isEmpty()) {
                extensions.put("field", api.fields().get(0));
                extensions.put("fields", api.fields());
            }
            return GraphqlErrorBuilder.newError(environment)
                    .errorType(errorTypeOf(api.code()))
                    .message(api.getMessage())
                    .extensions(extensions)
                    .build();
        }
        if (exception instanceof UnavailableException unavailable) {
            LOG.warn("{} unavailable: {} ({})", environment.getField().getName(), unavailable.getMessage(),
                    unavailable.getCause() == null ? "no cause" : unavailable.getCause().toString());
            return GraphqlErrorBuilder.newError(environment)
                    .errorType(UNAVAILABLE)
                    .message(unavailable.getMessage())
                    .extensions(Map.of("code", ErrorCode.UNAVAILABLE.name()))
                    .build();
        }
        if (exception instanceof CancellationException) {
            // The caller went away (see CancelWhenCallerGone): nobody reads this answer.
            LOG.debug("{} cancelled: its caller went away", environment.getField().getName());
            return GraphqlErrorBuilder.newError(environment)
                    .errorType(UNAVAILABLE)
                    .message("The request was cancelled before it was answered; retry with the same idempotency key")
                    .extensions(Map.of("code", ErrorCode.UNAVAILABLE.name()))
                    .build();
        }
        LOG.error("Unexpected failure in {}", environment.getField().getName(), exception);
        return GraphqlErrorBuilder.newError(environment)
                .errorType(ErrorType.INTERNAL_ERROR)
                .message("Internal error")
                .extensions(Map.of("code", ErrorCode.INTERNAL.name()))
                .build();
    }

    private static ErrorType errorTypeOf(ErrorCode code) {
        return switch (code) {
            case BAD_REQUEST -> ErrorType.BAD_REQUEST;
            case NOT_FOUND -> ErrorType.NOT_FOUND;
            case FORBIDDEN -> ErrorType.FORBIDDEN;
            case UNAUTHENTICATED -> ErrorType.UNAUTHORIZED;
            case CONFLICT, UNAVAILABLE, INTERNAL -> ErrorType.INTERNAL_ERROR;
        };
    }
}
