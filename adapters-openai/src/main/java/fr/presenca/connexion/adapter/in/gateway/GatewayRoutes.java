package fr.presenca.connexion.adapter.in.gateway;

import static org.springframework.web.reactive.function.server.RequestPredicates.path;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The gateway's routes under {@value #PREFIX}; any other path there is OpenAI's 404 {@code unknown_url}. */
public final class GatewayRoutes {

    public static final String PREFIX = "/openai/v1";

    private GatewayRoutes() {
    }

    public static RouterFunction<ServerResponse> of(GatewayHandler handler) {
        return RouterFunctions.route()
                .POST(PREFIX + "/chat/completions", handler::chatCompletions)
                .POST(PREFIX + "/responses", handler::responses)
                .POST(PREFIX + "/embeddings", handler::embeddings)
                .GET(PREFIX + "/models", handler::models)
                .route(path(PREFIX + "/**").or(path(PREFIX)), handler::unknown)
                .build();
    }
}
