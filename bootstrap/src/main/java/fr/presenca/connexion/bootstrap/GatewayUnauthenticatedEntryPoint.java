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
 * The gateway's 401, in OpenAI's shape ({@code invalid_api_key}, as OpenAI answers a bad key) so that the SDKs
 * raise their authentication error, with {@code x-should-retry: false}. Nothing about why the credential failed.
 */
final class GatewayUnauthenticatedEntryPoint implements ServerAuthenticationEntryPoint {

    private static final byte[] BODY = ("{\"error\":{\"message\":\"A valid credential is required: a bearer token of"
            + " this service or a gateway key.\",\"type\":\"invalid_request_error\",\"param\":null,"
            + "\"code\":\"invalid_api_key\"}}").getBytes(StandardCharsets.UTF_8);

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException failure) {
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        response.getHeaders().set("x-should-retry", "false");
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        response.getHeaders().set(HttpHeaders.CONNECTION, "close"); // the unread body is not worth draining
        return response.writeWith(Mono.just(response.bufferFactory().wrap(BODY)));
    }
}
