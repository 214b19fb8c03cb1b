package fr.presenca.connexion.bootstrap;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webflux.GraphQlWebSocketHandler;
import org.springframework.http.codec.ServerCodecConfigurer;

/**
 * The GraphQL WebSocket endpoint (Spring Boot maps it at {@code spring.graphql.websocket.path}); replaces Boot's
 * handler so that refusals close with 4403 and the handshake's origin follows {@link CrossOrigins}.
 */
@Configuration(proxyBeanMethods = false)
class SubscriptionConfiguration {

    @Bean
    GraphQlWebSocketHandler graphQlWebSocketHandler(WebGraphQlHandler webGraphQlHandler, ServerCodecConfigurer codecs,
                                                    CrossOrigins crossOrigins,
                                                    @Value("${spring.graphql.websocket.connection-init-timeout:60s}")
                                                    Duration connectionInitTimeout) {
        return new SubscriptionHandshake(webGraphQlHandler, codecs, connectionInitTimeout, crossOrigins.configuration());
    }
}
