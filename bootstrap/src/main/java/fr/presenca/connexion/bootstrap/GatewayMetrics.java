package fr.presenca.connexion.bootstrap;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import fr.presenca.connexion.application.gateway.OpenAiEndpoint;
import fr.presenca.connexion.application.gateway.UpstreamFailure;
import fr.presenca.connexion.application.port.out.OpenAiPort;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The gateway's meters: {@code presenca_gateway_calls_total} by {@code endpoint} and {@code status} (the HTTP status
 * answered, refusals included) with {@code presenca_gateway_call_duration_seconds} (until the answer's last byte),
 * and {@code presenca_gateway_upstream_duration_seconds} by {@code endpoint} and {@code outcome} (OpenAI's time to its
 * answer's headers). Labels are fixed words and status codes: never a tenant, a connexion, a model or a key.
 */
final class GatewayMetrics {

    static final String CALLS = "presenca.gateway.calls";
    static final String CALL_DURATION = "presenca.gateway.call.duration";
    static final String UPSTREAM_DURATION = "presenca.gateway.upstream.duration";
    private static final String PREFIX = "/openai/v1/";
    private static final Set<String> ENDPOINTS = Set.of("chat/completions", "responses", "embeddings", "models");
    private static final Duration[] BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMinutes(5)};

    private GatewayMetrics() {
    }

    /** Counts every answer under /openai/v1/ by endpoint and status. */
    static WebFilter calls(MeterRegistry registry) {
        // Endpoints and statuses are small fixed sets: each meter is built once, not looked up per answer.
        Map<String, Counter> counters = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, Timer> durations = new java.util.concurrent.ConcurrentHashMap<>();
        return new WebFilter() {
            @Override
            public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
                String path = exchange.getRequest().getPath().value();
                if (!path.startsWith(PREFIX)) {
                    return chain.filter(exchange);
                }
                String endpoint = ENDPOINTS.contains(path.substring(PREFIX.length())) ? path.substring(PREFIX.length()) : "other";
                long start = System.nanoTime();
                return chain.filter(exchange).doFinally(signal -> {
                    HttpStatusCode status = exchange.getResponse().getStatusCode();
                    String code = status == null ? "none" : String.valueOf(status.value());
                    counters.computeIfAbsent(endpoint + ' ' + code, ignored -> Counter.builder(CALLS)
                            .description("Gateway calls answered, by endpoint and HTTP status")
                            .tags("endpoint", endpoint, "status", code).register(registry)).increment();
                    durations.computeIfAbsent(endpoint, ignored -> Timer.builder(CALL_DURATION)
                            .description("Gateway calls, until their answer's last byte")
                            .tags("endpoint", endpoint).serviceLevelObjectives(BUCKETS).register(registry))
                            .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                });
            }
        };
    }

    /** Times OpenAI's answers (to their headers) by endpoint and outcome. */
    static OpenAiPort upstream(OpenAiPort delegate, MeterRegistry registry) {
        Map<OpenAiEndpoint, Map<String, Timer>> timers = new java.util.EnumMap<>(OpenAiEndpoint.class);
        for (OpenAiEndpoint endpoint : OpenAiEndpoint.values()) {
            Map<String, Timer> byOutcome = new java.util.HashMap<>();
            for (String outcome : java.util.List.of("answered", "error_answer", "unreachable", "timeout", "broken")) {
                byOutcome.put(outcome, Timer.builder(UPSTREAM_DURATION).description("OpenAI's time to answer headers")
                        .tags("endpoint", endpoint.path(), "outcome", outcome).serviceLevelObjectives(BUCKETS)
                        .register(registry));
            }
            timers.put(endpoint, byOutcome);
        }
        return new OpenAiPort() {
            @Override
            public Mono<fr.presenca.connexion.application.gateway.UpstreamAnswer> call(
                    fr.presenca.connexion.application.gateway.UpstreamRequest request) {
                return Mono.defer(() -> {
                    long start = System.nanoTime();
                    Map<String, Timer> byOutcome = timers.get(request.endpoint());
                    return delegate.call(request)
                            .doOnNext(answer -> byOutcome.get(answer.status() >= 400 ? "error_answer" : "answered")
                                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS))
                            .doOnError(UpstreamFailure.class, failure -> byOutcome.get(failure.kind().name().toLowerCase(java.util.Locale.ROOT))
                                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
                });
            }

            // A key check is an administrator's action, not a gateway call: not in the gateway's timings.
            @Override
            public Mono<io.vavr.control.Option<fr.presenca.connexion.application.gateway.UpstreamError>> checkKey(
                    fr.presenca.connexion.application.gateway.UpstreamAccount account) {
                return delegate.checkKey(account);
            }
        };
    }
}
