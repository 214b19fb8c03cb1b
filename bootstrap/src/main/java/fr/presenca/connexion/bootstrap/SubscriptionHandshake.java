package fr.presenca.connexion.bootstrap;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import io.micrometer.context.ContextSnapshotFactory;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlInterceptor;
import org.springframework.graphql.server.WebSocketSessionInfo;
import org.springframework.graphql.server.support.BearerTokenAuthenticationExtractor;
import org.springframework.graphql.server.webflux.GraphQlWebSocketHandler;
import org.springframework.http.codec.CodecConfigurer;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * GraphQL over WebSocket (graphql-transport-ws) as the contract wants it: a {@code connection_init} without a token,
 * or with one that does not verify, closes the socket with 4403 Forbidden (the protocol's code for a refused
 * initialisation), where Spring GraphQL acknowledges a missing token and closes with 4401 on an invalid one. The
 * handshake's origin is checked with the service's CORS configuration.
 */
final class SubscriptionHandshake extends GraphQlWebSocketHandler {

    static final CloseStatus FORBIDDEN = new CloseStatus(4403, "Forbidden");
    private static final String REFUSED = SubscriptionHandshake.class.getName() + ".REFUSED";

    SubscriptionHandshake(WebGraphQlHandler graphQlHandler, CodecConfigurer codecs, Duration connectionInitTimeout,
                          CorsConfiguration cors) {
        super(new TokenRequired(graphQlHandler), codecs, connectionInitTimeout, null, cors);
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        return super.handle(new RefusalClosesForbidden(session));
    }

    /** The engine as it is, its WebSocket interceptor made to refuse a connection_init without a token. */
    private record TokenRequired(WebGraphQlHandler delegate) implements WebGraphQlHandler {

        @Override
        public WebSocketGraphQlInterceptor getWebSocketInterceptor() {
            WebSocketGraphQlInterceptor authentication = delegate.getWebSocketInterceptor();
            return new WebSocketGraphQlInterceptor() {
                @Override
                public Mono<Object> handleConnectionInitialization(WebSocketSessionInfo info, Map<String, Object> payload) {
                    // Deferred: the token extractor throws at once on an Authorization that is not a string.
                    Mono<Object> handled = hasAuthorization(payload)
                            ? Mono.defer(() -> authentication.handleConnectionInitialization(info, payload))
                            : Mono.error(new IllegalArgumentException("connection_init carries no Authorization"));
                    return handled.doOnError(error -> info.getAttributes().put(REFUSED, Boolean.TRUE));
                }

                @Override
                public Mono<Void> handleCancelledSubscription(WebSocketSessionInfo info, String subscriptionId) {
                    return authentication.handleCancelledSubscription(info, subscriptionId);
                }

                @Override
                public void handleConnectionClosed(WebSocketSessionInfo info, int statusCode, Map<String, Object> payload) {
                    authentication.handleConnectionClosed(info, statusCode, payload);
                }
            };
        }

        private static boolean hasAuthorization(Map<String, Object> payload) {
            return payload != null && payload.keySet().stream()
                    .anyMatch(BearerTokenAuthenticationExtractor.AUTHORIZATION_KEY::equalsIgnoreCase);
        }

        @Override
        public ContextSnapshotFactory contextSnapshotFactory() {
            return delegate.contextSnapshotFactory();
        }

        @Override
        public Mono<WebGraphQlResponse> handleRequest(WebGraphQlRequest request) {
            return delegate.handleRequest(request);
        }
    }

    /** The session, closed with 4403 instead of Spring GraphQL's 4401 when its connection_init was refused. */
    private record RefusalClosesForbidden(WebSocketSession session) implements WebSocketSession {

        @Override
        public Mono<Void> close(CloseStatus status) {
            boolean refused = Boolean.TRUE.equals(session.getAttributes().get(REFUSED));
            return session.close(refused ? FORBIDDEN : status);
        }

        @Override
        public String getId() {
            return session.getId();
        }

        @Override
        public HandshakeInfo getHandshakeInfo() {
            return session.getHandshakeInfo();
        }

        @Override
        public DataBufferFactory bufferFactory() {
            return session.bufferFactory();
        }

        @Override
        public Map<String, Object> getAttributes() {
            return session.getAttributes();
        }

        @Override
        public Flux<WebSocketMessage> receive() {
            return session.receive();
        }

        @Override
        public Mono<Void> send(Publisher<WebSocketMessage> messages) {
            return session.send(messages);
        }

        @Override
        public boolean isOpen() {
            return session.isOpen();
        }

        @Override
        public Mono<CloseStatus> closeStatus() {
            return session.closeStatus();
        }

        @Override
        public WebSocketMessage textMessage(String payload) {
            return session.textMessage(payload);
        }

        @Override
        public WebSocketMessage binaryMessage(Function<DataBufferFactory, DataBuffer> payloadFactory) {
            return session.binaryMessage(payloadFactory);
        }

        @Override
        public WebSocketMessage pingMessage(Function<DataBufferFactory, DataBuffer> payloadFactory) {
            return session.pingMessage(payloadFactory);
        }

        @Override
        public WebSocketMessage pongMessage(Function<DataBufferFactory, DataBuffer> payloadFactory) {
            return session.pongMessage(payloadFactory);
        }
    }
}
