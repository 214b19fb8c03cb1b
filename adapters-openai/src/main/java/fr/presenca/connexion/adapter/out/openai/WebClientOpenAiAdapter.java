package fr.presenca.connexion.adapter.out.openai;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import fr.presenca.connexion.application.gateway.OpenAiEndpoint;
import fr.presenca.connexion.application.gateway.UpstreamAccount;
import fr.presenca.connexion.application.gateway.UpstreamAnswer;
import fr.presenca.connexion.application.gateway.UpstreamFailure;
import fr.presenca.connexion.application.gateway.UpstreamOutcome;
import fr.presenca.connexion.application.gateway.UpstreamRequest;
import fr.presenca.connexion.application.port.out.OpenAiPort;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.vavr.control.Option;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OpenAI over Spring WebClient on Reactor Netty: a pool of kept-alive connections, a connect timeout, one deadline
 * for the whole call (answer streamed included), and a size cap on what is read whole. The connexion's key goes as
 * the bearer token and nowhere else; the client's own headers are never forwarded.
 */
public final class WebClientOpenAiAdapter implements OpenAiPort, AutoCloseable {

    private static final MediaType EVENT_STREAM = MediaType.TEXT_EVENT_STREAM;
    static final Duration KEY_CHECK_TIMEOUT = Duration.ofSeconds(30);

    private final WebClient client;
    private final OpenAiClientSettings settings;
    private final ConnectionProvider pool;
    private final LoopResources loops;
    private final JsonMapper json = JsonMapper.builder().build();

    public WebClientOpenAiAdapter(OpenAiClientSettings settings) {
        this.settings = settings;
        // Its own event loops and pool, not Reactor Netty's global ones: another application context in the same
        // JVM disposes the global resources when it closes, which would leave this client without a loop.
        this.loops = LoopResources.create("openai", Math.max(2, Runtime.getRuntime().availableProcessors()), true);
        this.pool = ConnectionProvider.builder("openai")
                .maxConnections(settings.maxConnections())
                .pendingAcquireMaxCount(-1)
                .maxIdleTime(Duration.ofSeconds(30)) // under OpenAI's own idle close, so no call meets a dead socket
                .build();
        HttpClient http = HttpClient.create(pool)
                .runOn(loops)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(settings.connectTimeout().toMillis()))
                .compress(false);
        String base = settings.baseUrl().toString();
        this.client = WebClient.builder()
                .baseUrl(base.endsWith("/") ? base : base + "/")
                .clientConnector(new ReactorClientHttpConnector(http))
                .build();
    }

    /** Closes the connections and stops the event loops. */
    @Override
    public void close() {
        pool.disposeLater().then(loops.disposeLater()).block(Duration.ofSeconds(10));
    }

    @Override
    public Mono<UpstreamAnswer> call(UpstreamRequest request) {
        return Mono.defer(() -> {
            long deadline = System.nanoTime() + settings.timeout().toNanos();
            return client.post()
                    .uri(request.endpoint().path())
                    .headers(headers -> {
                        headers.setBearerAuth(request.apiKey().reveal());
                        request.organisation().forEach(org -> headers.set("OpenAI-Organization", org.value()));
                        request.project().forEach(project -> headers.set("OpenAI-Project", project.value()));
                        headers.setContentType(MediaType.APPLICATION_JSON);
                        headers.setAccept(request.stream() ? java.util.List.of(EVENT_STREAM, MediaType.APPLICATION_JSON)
                                : java.util.List.of(MediaType.APPLICATION_JSON));
                    })
                    .bodyValue(request.body())
                    .retrieve()
                    .onStatus(HttpStatusCode::isError, response -> Mono.empty()) // OpenAI's errors are answers
                    .toEntityFlux(DataBuffer.class)
                    .timeout(settings.timeout())
                    .onErrorMap(error -> !(error instanceof UpstreamFailure), WebClientOpenAiAdapter::failureOf)
                    .flatMap(entity -> answer(request, entity, deadline));
        });
    }

    /**
     * GET /models with the account's key, within the shorter of the call timeout and {@link #KEY_CHECK_TIMEOUT}: a
     * list of models is small and quick, so a key check never waits as long as a reasoning model's call may.
     */
    @Override
    public Mono<Option<fr.presenca.connexion.application.gateway.UpstreamError>> checkKey(UpstreamAccount account) {
        Duration timeout = settings.timeout().compareTo(KEY_CHECK_TIMEOUT) < 0 ? settings.timeout() : KEY_CHECK_TIMEOUT;
        return Mono.defer(() -> client.get()
                .uri("models")
                .headers(headers -> {
                    headers.setBearerAuth(account.apiKey().reveal());
                    account.organisation().forEach(org -> headers.set("OpenAI-Organization", org.value()));
                    account.project().forEach(project -> headers.set("OpenAI-Project", project.value()));
                    headers.setAccept(java.util.List.of(MediaType.APPLICATION_JSON));
                })
                .exchangeToMono(response -> {
                    int status = response.statusCode().value();
                    if (status < 400) {
                        return response.releaseBody().thenReturn(Option.<fr.presenca.connexion.application.gateway.UpstreamError>none());
                    }
                    return response.bodyToMono(byte[].class).defaultIfEmpty(new byte[0])
                            .map(bytes -> outcomeOf(OpenAiEndpoint.CHAT_COMPLETIONS, status, bytes).error());
                })
                .timeout(timeout)
                .onErrorMap(error -> !(error instanceof UpstreamFailure), WebClientOpenAiAdapter::failureOf));
    }

    private Mono<UpstreamAnswer> answer(UpstreamRequest request, ResponseEntity<Flux<DataBuffer>> entity, long deadline) {
        int status = entity.getStatusCode().value();
        HttpHeaders headers = entity.getHeaders();
        Option<String> requestId = Option.of(headers.getFirst("x-request-id")).filter(id -> !id.isBlank() && id.length() <= 200);
        MediaType type = headers.getContentType();
        Flux<DataBuffer> body = withinDeadline(entity.getBody() == null ? Flux.empty() : entity.getBody(), deadline);
        if (type != null && EVENT_STREAM.isCompatibleWith(type)) {
            EventStream events = new EventStream(json, request.endpoint(), status, request.stripUsage(),
                    settings.maxEventBytes());
            Flux<byte[]> relayed = events.relay(body)
                    .onErrorMap(error -> !(error instanceof UpstreamFailure), WebClientOpenAiAdapter::failureOf);
            return Mono.just(new UpstreamAnswer(status, requestId, type.toString(), relayed, events::outcome));
        }
        // Read whole (capped): its usage or error is known before the client gets a byte.
        return DataBufferUtils.join(body, settings.maxResponseBytes())
                .map(joined -> {
                    try {
                        byte[] bytes = new byte[joined.readableByteCount()];
                        joined.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(joined);
                    }
                })
                .defaultIfEmpty(new byte[0])
                .onErrorMap(error -> !(error instanceof UpstreamFailure), WebClientOpenAiAdapter::failureOf)
                .map(bytes -> {
                    UpstreamOutcome outcome = outcomeOf(request.endpoint(), status, bytes);
                    return new UpstreamAnswer(status, requestId,
                            type == null ? MediaType.APPLICATION_JSON_VALUE : type.toString(), Flux.just(bytes),
                            () -> outcome);
                });
    }

    private UpstreamOutcome outcomeOf(OpenAiEndpoint endpoint, int status, byte[] bytes) {
        JsonNode node;
        try {
            node = bytes.length == 0 ? null : json.readTree(bytes);
        } catch (JacksonException e) {
            node = null;
        }
        if (status >= 400) {
            Option<fr.presenca.connexion.application.gateway.UpstreamError> error = UsageReader.errorOf(status, node);
            return new UpstreamOutcome(Option.none(), error.orElse(() -> Option.some(
                    new fr.presenca.connexion.application.gateway.UpstreamError(status, Option.none(), Option.none(),
                            "HTTP " + status))));
        }
        return new UpstreamOutcome(node == null ? Option.none() : UsageReader.usageOf(node.get("usage")), Option.none());
    }

    /** The body ends with a TIMEOUT failure when the call's deadline passes. */
    private static Flux<DataBuffer> withinDeadline(Flux<DataBuffer> body, long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return Flux.error(new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT, "OpenAI did not answer in time", null));
        }
        AtomicBoolean late = new AtomicBoolean();
        return body.takeUntilOther(Mono.delay(Duration.ofNanos(left)).doOnNext(ignored -> late.set(true)))
                .doOnDiscard(DataBuffer.class, DataBufferUtils::release)
                .concatWith(Flux.defer(() -> late.get()
                        ? Flux.error(new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT, "OpenAI's answer did not end in time", null))
                        : Flux.empty()));
    }

    private static UpstreamFailure failureOf(Throwable error) {
        Throwable cause = error instanceof WebClientRequestException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof TimeoutException) {
            return new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT, "OpenAI did not answer in time", cause);
        }
        if (error instanceof WebClientRequestException && (cause instanceof ConnectException
                || cause instanceof ConnectTimeoutException || cause instanceof UnknownHostException
                || cause instanceof UnresolvedAddressException)) {
            return new UpstreamFailure(UpstreamFailure.Kind.UNREACHABLE, "OpenAI could not be reached", cause);
        }
        if (cause instanceof DataBufferLimitException) {
            return new UpstreamFailure(UpstreamFailure.Kind.BROKEN, "OpenAI's answer exceeds the size cap", cause);
        }
        // The message only: an exception's text may quote the request (never its key: that is a header).
        return new UpstreamFailure(UpstreamFailure.Kind.BROKEN, "OpenAI's answer broke off ("
                + cause.getClass().getSimpleName() + ")", cause);
    }
}
