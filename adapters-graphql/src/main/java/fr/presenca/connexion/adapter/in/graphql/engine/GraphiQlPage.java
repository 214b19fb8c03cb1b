package fr.presenca.connexion.adapter.in.graphql.engine;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * GraphiQL at {@code /graphiql}, every asset served from the jar ({@code graphiql-ui/}, built from npm by
 * {@code adapters-graphql/graphiql/build.mjs} and checked in), so that the page works without internet access.
 * {@code ?path=} and {@code ?wsPath=} choose the endpoints, as on Spring Boot's page; both default to {@code /graphql}.
 */
@Configuration(proxyBeanMethods = false)
public class GraphiQlPage {

    static final String PATH = "/graphiql";
    private static final Resource INDEX = new ClassPathResource("graphiql-ui/index.html");

    @Bean
    RouterFunction<ServerResponse> graphiQlRoutes() {
        return RouterFunctions.route()
                .GET(PATH, request -> ServerResponse.ok().contentType(MediaType.TEXT_HTML)
                        .cacheControl(CacheControl.noCache()).bodyValue(INDEX))
                .add(RouterFunctions.resources(PATH + "/assets/**", new ClassPathResource("graphiql-ui/assets/")))
                .build();
    }
}
