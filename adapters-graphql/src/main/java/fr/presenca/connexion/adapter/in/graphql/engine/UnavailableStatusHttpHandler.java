package fr.presenca.connexion.adapter.in.graphql.engine;

import fr.presenca.connexion.adapter.in.graphql.error.ErrorCode;
import org.springframework.graphql.MediaTypes;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.webflux.GraphQlHttpHandler;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * GraphQL over HTTP as Spring answers it, except for the status of an UNAVAILABLE answer: sent as
 * {@code application/graphql-response+json}, it is HTTP 503, so that HTTP clients, gateways and load balancers see
 * a retryable failure rather than a success. As {@code application/json} it stays 200, as GraphQL over HTTP asks of
 * that media type whatever the errors; the code in {@code extensions} says the same either way.
 */
class UnavailableStatusHttpHandler extends GraphQlHttpHandler {

    UnavailableStatusHttpHandler(WebGraphQlHandler graphQlHandler) {
        super(graphQlHandler);
    }

    @Override
    protected HttpStatus selectResponseStatus(WebGraphQlResponse response, MediaType responseMediaType) {
        HttpStatus status = super.selectResponseStatus(response, responseMediaType);
        if (status.is2xxSuccessful() && MediaTypes.APPLICATION_GRAPHQL_RESPONSE.equals(responseMediaType)
                && response.getErrors().stream()
                        .anyMatch(error -> ErrorCode.UNAVAILABLE.name().equals(error.getExtensions().get("code")))) {
            return HttpStatus.SERVICE_UNAVAILABLE;
        }
        return status;
    }
}
