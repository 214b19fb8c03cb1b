package fr.presenca.connexion.adapter.in.graphql.engine;

import java.nio.charset.StandardCharsets;

import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * A request body above {@code spring.http.codecs.max-in-memory-size} is the client's fault: HTTP 413 with a
 * GraphQL error body, instead of the generic 500 the codec's exception would otherwise become.
 */
@Component
@Order(-2)
class PayloadTooLargeHandler implements WebExceptionHandler {

    private static final byte[] BODY = ("{\"errors\":[{\"message\":\"The request body is too large\","
            + "\"extensions\":{\"code\":\"BAD_REQUEST\"}}]}").getBytes(StandardCharsets.UTF_8);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof DataBufferLimitException) {
                var response = exchange.getResponse();
                if (response.isCommitted()) {
                    return Mono.error(error);
                }
                response.setStatusCode(HttpStatus.PAYLOAD_TOO_LARGE);
                response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
                DataBuffer buffer = response.bufferFactory().wrap(BODY);
                return response.writeWith(Mono.just(buffer));
            }
        }
        return Mono.error(error);
    }
}
