package fr.presenca.connexion.bootstrap;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.http.HttpMethod;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * The browser origins allowed to call the service ({@code PRESENCA_CORS_ALLOWED_ORIGINS}): exact origins or patterns
 * such as {@code https://*.lovable.app}, on {@code /graphql} (HTTP and the WebSocket handshake) and
 * {@code /openai/v1/**}. Every other origin is refused with 403 on those paths, also when none is allowed.
 * Callers authenticate with bearer tokens, never cookies: credentials are not allowed.
 */
final class CrossOrigins {

    static final String SETTING = "presenca.cors.allowed-origins";
    static final List<String> PATHS = List.of("/graphql", "/openai/v1/**");
    static final List<String> ALLOWED_HEADERS = List.of("Authorization", "Content-Type", "X-Presenca-Connexion",
            "Idempotency-Key");
    static final List<String> EXPOSED_HEADERS = List.of("x-presenca-reservation-id", "x-presenca-remaining-requests",
            "x-presenca-remaining-budget");

    // scheme://host[:port], with * wildcards (Spring's origin patterns, ports as [8080,8081] or [*]); no path.
    private static final Pattern ORIGIN = Pattern.compile("\\*|https?://[^/?#\\s]+");

    private final CorsConfiguration configuration;

    private CrossOrigins(List<String> origins) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOriginPatterns(origins);
        cors.setAllowedMethods(List.of(HttpMethod.GET.name(), HttpMethod.POST.name()));
        cors.setAllowedHeaders(ALLOWED_HEADERS);
        cors.setExposedHeaders(EXPOSED_HEADERS);
        cors.setAllowCredentials(false);
        cors.setMaxAge(Duration.ofHours(1));
        this.configuration = cors;
    }

    /** Reads the setting; an entry that is not an origin (a path, a trailing slash, no scheme) stops the start. */
    static CrossOrigins parse(String setting) {
        List<String> origins = new ArrayList<>();
        for (String entry : setting == null ? new String[0] : setting.split(",")) {
            String origin = entry.trim();
            if (origin.isEmpty()) {
                continue;
            }
            if (!ORIGIN.matcher(origin).matches()) {
                throw new IllegalStateException("PRESENCA_CORS_ALLOWED_ORIGINS: '" + origin + "' is not an origin:"
                        + " expected scheme://host[:port] (e.g. https://app.example.org or https://*.lovable.app),"
                        + " without a path or a trailing slash");
            }
            origins.add(origin);
        }
        return new CrossOrigins(List.copyOf(origins));
    }

    List<String> origins() {
        return configuration.getAllowedOriginPatterns();
    }

    /** The one configuration of every covered path (the WebSocket handler checks the handshake with it too). */
    CorsConfiguration configuration() {
        return new CorsConfiguration(configuration);
    }

    CorsConfigurationSource source() {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        PATHS.forEach(path -> source.registerCorsConfiguration(path, configuration()));
        return source;
    }
}
