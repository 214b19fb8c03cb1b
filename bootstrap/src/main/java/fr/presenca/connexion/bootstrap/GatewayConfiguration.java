package fr.presenca.connexion.bootstrap;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;

import fr.presenca.connexion.adapter.in.gateway.GatewayCallers;
import fr.presenca.connexion.adapter.in.gateway.GatewayHandler;
import fr.presenca.connexion.adapter.in.gateway.GatewayRoutes;
import fr.presenca.connexion.adapter.in.gateway.estimate.CallEstimator;
import fr.presenca.connexion.adapter.out.openai.OpenAiClientSettings;
import fr.presenca.connexion.adapter.out.openai.WebClientOpenAiAdapter;
import fr.presenca.connexion.adapter.out.persistence.R2dbcConnexionPersistenceAdapter;
import fr.presenca.connexion.adapter.out.persistence.R2dbcGatewayKeyPersistenceAdapter;
import fr.presenca.connexion.application.port.in.ManageGatewayKeysUseCase;
import fr.presenca.connexion.application.port.in.VerifyConnexionUseCase;
import fr.presenca.connexion.application.service.ManageGatewayKeysService;
import fr.presenca.connexion.application.service.VerifyConnexionService;
import java.security.SecureRandom;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import fr.presenca.connexion.adapter.out.persistence.R2dbcMeteringPersistenceAdapter;
import fr.presenca.connexion.adapter.in.graphql.CallerResolver;
import fr.presenca.connexion.application.port.in.GatewayUseCase;
import fr.presenca.connexion.application.port.in.RecordUsageUseCase;
import fr.presenca.connexion.application.port.out.OpenAiPort;
import fr.presenca.connexion.application.service.GatewayService;
import fr.presenca.connexion.domain.policy.AdmissionPolicy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.WebFilter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Wires the OpenAI-compatible gateway. Settings: {@code presenca.openai.base-url} (default
 * https://api.openai.com/v1), {@code presenca.openai.timeout} (a whole call, default PT10M),
 * {@code presenca.openai.connect-timeout} (PT10S), {@code presenca.openai.max-response-size} (an answer read whole,
 * 64MB), {@code presenca.openai.max-connections} (500), {@code presenca.gateway.max-body-bytes} (16 MiB).
 */
@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

    /** A hold outlives its call by this much: the settlement comes after the call's last byte. */
    static final Duration SETTLEMENT_MARGIN = Duration.ofMinutes(1);

    @Bean
    OpenAiClientSettings openAiClientSettings(@Value("${presenca.openai.base-url:https://api.openai.com/v1}") URI baseUrl,
                                              @Value("${presenca.openai.connect-timeout:PT10S}") Duration connectTimeout,
                                              @Value("${presenca.openai.timeout:PT10M}") Duration timeout,
                                              @Value("${presenca.openai.max-response-size:64MB}") DataSize maxResponse,
                                              @Value("${presenca.openai.max-event-size:4MB}") DataSize maxEvent,
                                              @Value("${presenca.openai.max-connections:500}") int maxConnections) {
        return new OpenAiClientSettings(baseUrl, connectTimeout, timeout, Math.toIntExact(maxResponse.toBytes()),
                Math.toIntExact(maxEvent.toBytes()), maxConnections);
    }

    @Bean(destroyMethod = "close")
    WebClientOpenAiAdapter openAiClient(OpenAiClientSettings settings) {
        return new WebClientOpenAiAdapter(settings);
    }

    /** The port the use case gets: the client, timed. */
    @Bean
    @Primary
    OpenAiPort openAiPort(WebClientOpenAiAdapter client, MeterRegistry meterRegistry) {
        return GatewayMetrics.upstream(client, meterRegistry);
    }

    /** First of all filters, so that the security chain's 401s are counted too. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    WebFilter gatewayCallMetrics(MeterRegistry meterRegistry) {
        return GatewayMetrics.calls(meterRegistry);
    }

    @Bean
    GatewayUseCase gatewayUseCase(R2dbcConnexionPersistenceAdapter connexions, R2dbcMeteringPersistenceAdapter metering,
                                  RecordUsageUseCase recordUsage, OpenAiPort openAi, AdmissionPolicy admissionPolicy,
                                  Clock clock, @Value("${presenca.quota.zone:Europe/Paris}") ZoneId zone,
                                  @Value("${presenca.metering.reservation-ttl:PT10M}") Duration reservationTtl,
                                  OpenAiClientSettings settings) {
        Duration holdFor = settings.timeout().plus(SETTLEMENT_MARGIN);
        return new GatewayService(connexions, connexions, connexions, metering, recordUsage, openAi, admissionPolicy, clock, zone,
                holdFor.compareTo(reservationTtl) > 0 ? holdFor : reservationTtl);
    }

    /** The request's caller: a verified token's user, or a gateway key (checked by the call's first read). */
    @Bean
    GatewayCallers gatewayCallers() {
        return () -> ReactiveSecurityContextHolder.getContext()
                .flatMap(context -> Mono.justOrEmpty(context.getAuthentication()))
                .map(authentication -> authentication instanceof GatewayKeyAuthentication key ? key.caller()
                        : SecurityConfiguration.callerOf(((JwtAuthenticationToken) authentication).getToken()))
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("no verified credential on this request")));
    }

    @Bean
    R2dbcGatewayKeyPersistenceAdapter gatewayKeyPersistence(DatabaseClient database, TransactionalOperator transactions,
                                                            @Value("${presenca.audit.max-entries:100}") int maxAuditEntries) {
        return new R2dbcGatewayKeyPersistenceAdapter(database, transactions, maxAuditEntries);
    }

    @Bean
    ManageGatewayKeysUseCase manageGatewayKeysUseCase(R2dbcGatewayKeyPersistenceAdapter keys, Clock clock) {
        return new ManageGatewayKeysService(keys, new SecureRandom(), clock);
    }

    @Bean
    VerifyConnexionUseCase verifyConnexionUseCase(R2dbcConnexionPersistenceAdapter connexions, OpenAiPort openAi,
                                                  Clock clock, @Value("${presenca.quota.zone:Europe/Paris}") ZoneId zone) {
        return new VerifyConnexionService(connexions, connexions, openAi, clock, zone);
    }

    @Bean
    RouterFunction<ServerResponse> gatewayRoutes(GatewayUseCase gateway, GatewayCallers callers,
                                                 @Value("${presenca.gateway.max-body-bytes:16777216}") int maxBodyBytes) {
        return GatewayRoutes.of(new GatewayHandler(gateway, callers, new CallEstimator(), maxBodyBytes));
    }
}
