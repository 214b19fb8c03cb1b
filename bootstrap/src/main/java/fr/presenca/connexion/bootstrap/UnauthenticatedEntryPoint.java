package fr.presenca.connexion.bootstrap;

import java.nio.charset.StandardCharsets;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * HTTP 401 with the standard {@code WWW-Authenticate: Bearer …} header and a GraphQL-shaped body carrying the
 * contract's UNAUTHENTICATED code, so clients handle it like any other error. No data, no detail of why the
 * token was refused beyond the header's standard error code.
 */
final class UnauthenticatedEntryPoint implements ServerAuthenticationEntryPoint {

    private static final byte[] BODY = ("{\"errors\":[{\"message\":\"A valid bearer token is required\","
            + "\"extensions\":{\"code\":\"UNAUTHENTICATED\"}}]}").getBytes(StandardCharsets.UTF_8);

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException failure) {
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        // RFC 6750: a request that sent a token learns only that it was invalid; one that sent none, the scheme.
        boolean sentToken = exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION);
        response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, sentToken ? "Bearer error=\"invalid_token\"" : "Bearer");
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        // The request body is never read here: closing the connection after the answer keeps a client from sending
        // its next request on a connection whose unread body the server is still discarding (seen once as a request
        // hanging on the keep-alive connection right after a 401).
        response.getHeaders().set(HttpHeaders.CONNECTION, "close");
        return response.writeWith(Mono.just(response.bufferFactory().wrap(BODY)));
    }
}
