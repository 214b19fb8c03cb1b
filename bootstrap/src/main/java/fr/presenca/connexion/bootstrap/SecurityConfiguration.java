package fr.presenca.connexion.bootstrap;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Ticker;
import fr.presenca.connexion.adapter.in.graphql.CallerResolver;
import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.domain.gatewaykey.GatewayKeyText;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import fr.presenca.connexion.application.caller.CallerRole;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.graphql.server.support.BearerTokenAuthenticationExtractor;
import org.springframework.graphql.server.webflux.AuthenticationWebSocketInterceptor;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import reactor.core.publisher.Mono;

/**
 * Supabase-compatible identity: every GraphQL request carries a JWT signed HS256 with the project's secret, or
 * ES256/RS256 with one of its published signing keys; {@code sub} is the user, {@code exp} is required, {@code role}
 * is {@code authenticated} or {@code service_role}. GraphiQL's page and health stay open; everything else needs a
 * valid token.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

    @Bean
    JwtSettings jwtSettings(Environment environment) {
        return JwtSettings.from(environment);
    }

    /**
     * The one decoder of the HTTP resource server and of the WebSocket interceptor: verified tokens are kept by text
     * ({@code presenca.jwt.verified-token-cache-size} of them; 0 verifies every request), and validated each time.
     * Tokens expire against the system clock, not the services' {@link Clock} bean, as they always have; the
     * published keys' cache follows the services' clock (tests move it).
     */
    @Bean
    ReactiveJwtDecoder jwtDecoder(JwtSettings settings, Clock clock,
                                  @Value("${presenca.jwt.verified-token-cache-size:10000}") int verifiedTokenCacheSize) {
        return jwtDecoder(settings, verifiedTokenCacheSize, Clock.systemUTC(), clock);
    }

    static VerifiedTokenCache jwtDecoder(JwtSettings settings, int verifiedTokenCacheSize, Clock tokenClock,
                                         Clock keySetClock) {
        Duration lifetime = settings.jwks().map(JwtSettings.Jwks::cacheTtl)
                .orElse(VerifiedTokenCache.MAXIMUM_ENTRY_LIFETIME);
        return new VerifiedTokenCache(AlgorithmRoutingJwtDecoder.of(settings, keySetClock), tokenValidator(tokenClock),
                verifiedTokenCacheSize, tokenClock, lifetime, Ticker.systemTicker());
    }

    /**
     * What JwtValidators.createDefault() checks (typ, exp and nbf with 60 s of skew, the cnf certificate
     * thumbprint) against {@code clock}, then the service's own claims.
     */
    static OAuth2TokenValidator<Jwt> tokenValidator(Clock clock) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator();
        timestamps.setClock(clock);
        // createDefaultWithValidators adds the default validators that are missing (typ, the cnf thumbprint, whose
        // class is not public) in front of the timestamp validator given. createDefault() checks the timestamps
        // before the thumbprint: only a token failing both (an expired one with a cnf claim) gets the other of its
        // two messages first, and no 401 answer shows the message.
        return new DelegatingOAuth2TokenValidator<>(List.of(
                JwtValidators.createDefaultWithValidators(List.of(timestamps)), SecurityConfiguration::validateClaims));
    }

    /**
     * What both chains share. Stateless: no WebSession. Loading one moved the request off the event loop (the
     * in-memory store creates sessions on another scheduler), and a WebSocket upgrade done there raced with the
     * client's first frame, which Reactor Netty then dropped: connection_init sometimes never acknowledged. No
     * cookies, so no CSRF; bearer tokens only.
     */
    private static ServerHttpSecurity stateless(ServerHttpSecurity http, CrossOrigins crossOrigins) {
        return http
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .cors(cors -> cors.configurationSource(crossOrigins.source()))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable);
    }

    /** The gateway: the same tokens, refusals in OpenAI's error shape. First, so that it owns /openai/**. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityWebFilterChain gatewaySecurityWebFilterChain(ServerHttpSecurity http, ReactiveJwtDecoder jwtDecoder,
                                                         CrossOrigins crossOrigins) {
        return stateless(http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/openai/**")), crossOrigins)
                .authorizeExchange(exchanges -> exchanges.anyExchange().authenticated())
                .exceptionHandling(handling -> handling.authenticationEntryPoint(new GatewayUnauthenticatedEntryPoint()))
                .oauth2ResourceServer(server -> server
                        .authenticationEntryPoint(new GatewayUnauthenticatedEntryPoint())
                        .jwt(jwt -> jwt.authenticationManager(gatewayAuthentication(jwtDecoder))))
                .build();
    }

    /**
     * A bearer credential with the gateway key prefix is a gateway key (here only: on /graphql it is no JWT, so 401);
     * its shape is checked here, its validity by the call's first read, in the same statement that loads its
     * connexion. The key's text is not kept in the authentication.
     */
    static ReactiveAuthenticationManager gatewayAuthentication(ReactiveJwtDecoder jwtDecoder) {
        ReactiveAuthenticationManager tokens = new JwtReactiveAuthenticationManager(jwtDecoder);
        return authentication -> {
            if (authentication instanceof BearerTokenAuthenticationToken bearer
                    && GatewayKeyText.looksLikeGatewayKey(bearer.getToken())) {
                return GatewayKeyText.parse(bearer.getToken())
                        .<Mono<org.springframework.security.core.Authentication>>map(key -> Mono.just(new GatewayKeyAuthentication(key)))
                        .getOrElse(() -> Mono.error(new BadCredentialsException("not a gateway key")));
            }
            return tokens.authenticate(authentication);
        };
    }

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, ReactiveJwtDecoder jwtDecoder,
                                                  CrossOrigins crossOrigins, Environment environment) {
        return stateless(http, crossOrigins)
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers(HttpMethod.GET, "/graphiql", "/graphiql/**").permitAll()
                        // The WebSocket handshake carries no token: it comes in connection_init (interceptor below).
                        .matchers(SecurityConfiguration::isWebSocketHandshake).permitAll()
                        .pathMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .pathMatchers(HttpMethod.GET, "/actuator/prometheus").access(new ActuatorAccess(environment))
                        .anyExchange().authenticated())
                .exceptionHandling(handling -> handling.authenticationEntryPoint(new UnauthenticatedEntryPoint()))
                .oauth2ResourceServer(server -> server
                        .authenticationEntryPoint(new UnauthenticatedEntryPoint())
                        .jwt(jwt -> jwt.jwtDecoder(jwtDecoder)))
                .build();
    }

    /** Authenticates a GraphQL WebSocket session from the bearer token of its connection_init payload. */
    @Bean
    AuthenticationWebSocketInterceptor webSocketAuthentication(ReactiveJwtDecoder jwtDecoder) {
        return new AuthenticationWebSocketInterceptor(new BearerTokenAuthenticationExtractor(),
                new JwtReactiveAuthenticationManager(jwtDecoder));
    }

    private static Mono<ServerWebExchangeMatcher.MatchResult> isWebSocketHandshake(ServerWebExchange exchange) {
        var request = exchange.getRequest();
        return request.getMethod() == HttpMethod.GET
                && "websocket".equalsIgnoreCase(request.getHeaders().getUpgrade())
                ? ServerWebExchangeMatcher.MatchResult.match()
                : ServerWebExchangeMatcher.MatchResult.notMatch();
    }

    @Bean
    CallerResolver callerResolver() {
        return () -> ReactiveSecurityContextHolder.getContext()
                .flatMap(context -> Mono.justOrEmpty(context.getAuthentication()))
                .filter(JwtAuthenticationToken.class::isInstance)
                .map(authentication -> callerOf(((JwtAuthenticationToken) authentication).getToken()))
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("no verified token on this request")));
    }

    static Caller callerOf(Jwt jwt) {
        // validateClaims already vouched for both claims.
        return new Caller(UUID.fromString(jwt.getSubject()), CallerRole.fromClaim(jwt.getClaimAsString("role")).orElseThrow());
    }

    static OAuth2TokenValidatorResult validateClaims(Jwt jwt) {
        if (jwt.getExpiresAt() == null) {
            return invalid("the token has no exp claim");
        }
        try {
            UUID.fromString(String.valueOf(jwt.getSubject()));
        } catch (IllegalArgumentException e) {
            return invalid("the token's sub is not a user id");
        }
        if (CallerRole.fromClaim(jwt.getClaimAsString("role")).isEmpty()) {
            return invalid("the token's role must be authenticated or service_role");
        }
        return OAuth2TokenValidatorResult.success();
    }

    private static OAuth2TokenValidatorResult invalid(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", description, null));
    }
}
