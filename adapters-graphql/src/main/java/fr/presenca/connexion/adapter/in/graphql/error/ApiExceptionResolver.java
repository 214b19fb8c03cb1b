package fr.presenca.connexion.adapter.in.graphql.error;

import java.util.concurrent.CancellationException;

import fr.presenca.connexion.application.error.UnavailableException;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.stereotype.Component;

/**
 * Where failures of data fetchers become the contract's GraphQL errors (built by {@link GraphQlErrors}): a refusal
 * its error; the database out of reach or a wait that timed out UNAVAILABLE with our own message (logged in one
 * line: an outage fails every call). Anything unexpected is logged here with its stack trace and answered as
 * INTERNAL with no detail.
 */
@Component
class ApiExceptionResolver extends DataFetcherExceptionResolverAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ApiExceptionResolver.class);

    @Override
    protected GraphQLError resolveToSingleError(Throwable exception, DataFetchingEnvironment environment) {
        GraphqlErrorBuilder<?> error = GraphqlErrorBuilder.newError(environment);
        if (exception instanceof ApiException refused) {
            return GraphQlErrors.refusal(refused.error(), error);
        }
        if (exception instanceof UnavailableException unavailable) {
            LOG.warn("{} unavailable: {} ({})", environment.getField().getName(), unavailable.getMessage(),
                    unavailable.getCause() == null ? "no cause" : unavailable.getCause().toString());
            return GraphQlErrors.unavailable(unavailable.getMessage(), error);
        }
        if (exception instanceof CancellationException) {
            // The caller went away (see CancelWhenCallerGone): nobody reads this answer.
            LOG.debug("{} cancelled: its caller went away", environment.getField().getName());
            return GraphQlErrors.unavailable(
                    "The request was cancelled before it was answered; retry with the same idempotency key", error);
        }
        LOG.error("Unexpected failure in {}", environment.getField().getName(), exception);
        return GraphQlErrors.internal(error);
    }
}
