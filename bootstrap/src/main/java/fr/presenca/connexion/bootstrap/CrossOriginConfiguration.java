package fr.presenca.connexion.bootstrap;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code presenca.cors.allowed-origins} ({@code PRESENCA_CORS_ALLOWED_ORIGINS}; empty by default). */
@Configuration(proxyBeanMethods = false)
class CrossOriginConfiguration {

    @Bean
    CrossOrigins crossOrigins(@Value("${" + CrossOrigins.SETTING + ":}") String allowedOrigins) {
        return CrossOrigins.parse(allowedOrigins);
    }
}
