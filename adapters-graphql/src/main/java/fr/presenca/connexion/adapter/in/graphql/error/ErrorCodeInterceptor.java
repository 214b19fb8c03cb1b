package fr.presenca.connexion.adapter.in.graphql.error;

import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Gives every error that graphql-java raises before any data fetcher runs (syntax, validation, variable
 * coercion such as an unknown enum value) the contract's {@code extensions.code}, as {@link GraphQlErrors} decides.
 */
@Component
class ErrorCodeInterceptor implements WebGraphQlInterceptor {

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        return chain.next(request).map(response -> {
            if (response.getErrors().stream().allMatch(error -> error.getExtensions().containsKey("code"))) {
                return response;
            }
            return response.transform(builder -> builder.errors(
                    response.getErrors().stream().map(GraphQlErrors::withCode).toList()));
        });
    }
}
