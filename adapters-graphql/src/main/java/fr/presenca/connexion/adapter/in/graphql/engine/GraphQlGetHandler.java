package fr.presenca.connexion.adapter.in.graphql.engine;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * GraphQL over HTTP with GET, as the GraphQL-over-HTTP specification allows: queries only (a mutation over GET
 * would be cacheable and replayable by intermediaries, so it is 405), parameters {@code query},
 * {@code operationName} and {@code variables} (JSON). The response is built exactly as for POST.
 */
final class GraphQlGetHandler extends UnavailableStatusHttpHandler {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebGraphQlHandler graphQlHandler;

    GraphQlGetHandler(WebGraphQlHandler graphQlHandler) {
        super(graphQlHandler);
        this.graphQlHandler = graphQlHandler;
    }

    Mono<ServerResponse> handleGet(ServerRequest request) {
        String query = request.queryParam("query").orElse("");
        if (query.isBlank()) {
            return problem(HttpStatus.BAD_REQUEST, "query: a GET request needs a query parameter");
        }
        String operationName = request.queryParam("operationName").filter(name -> !name.isBlank()).orElse(null);
        Map<String, Object> variables;
        try {
            variables = request.queryParam("variables").filter(v -> !v.isBlank())
                    .map(GraphQlGetHandler::variablesOf).orElse(Map.of());
        } catch (JacksonException | ClassCastException e) {
            return problem(HttpStatus.BAD_REQUEST, "variables: must be a JSON object");
        }
        if (!isQuery(query, operationName)) {
            return ServerResponse.status(HttpStatus.METHOD_NOT_ALLOWED).allow(HttpMethod.POST)
                    .bodyValue(errorBody("only queries may be sent with GET; send mutations with POST", "BAD_REQUEST"));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("operationName", operationName);
        body.put("variables", variables);
        Locale locale = request.exchange().getLocaleContext().getLocale();
        WebGraphQlRequest graphQlRequest = new WebGraphQlRequest(request.uri(), request.headers().asHttpHeaders(),
                request.cookies(), request.remoteAddress().orElse(null), request.attributes(), body,
                request.exchange().getRequest().getId(), locale != null ? locale : Locale.getDefault());
        return graphQlHandler.handleRequest(graphQlRequest).flatMap(response -> prepareResponse(request, response));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> variablesOf(String json) {
        return (Map<String, Object>) JSON.readValue(json, Map.class);
    }

    /** True when the selected operation is a query; an unparsable document is left to the engine to report. */
    private static boolean isQuery(String query, String operationName) {
        Document document;
        try {
            document = Parser.parse(query);
        } catch (InvalidSyntaxException e) {
            return true;
        }
        return document.getDefinitionsOfType(OperationDefinition.class).stream()
                .filter(op -> operationName == null || operationName.equals(op.getName()))
                .findFirst()
                .map(op -> op.getOperation() == OperationDefinition.Operation.QUERY)
                .orElse(true);
    }

    private static Mono<ServerResponse> problem(HttpStatus status, String message) {
        return ServerResponse.status(status).bodyValue(errorBody(message, "BAD_REQUEST"));
    }

    private static Map<String, Object> errorBody(String message, String code) {
        return Map.of("errors", java.util.List.of(Map.of("message", message, "extensions", Map.of("code", code))));
    }
}
