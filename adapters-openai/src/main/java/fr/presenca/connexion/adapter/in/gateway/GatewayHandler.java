package fr.presenca.connexion.adapter.in.gateway;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import fr.presenca.connexion.adapter.in.gateway.estimate.CallEstimate;
import fr.presenca.connexion.adapter.in.gateway.estimate.CallEstimator;
import fr.presenca.connexion.adapter.in.gateway.estimate.GatewayEndpoint;
import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.error.UnavailableException;
import fr.presenca.connexion.application.gateway.GatewayAnswer;
import fr.presenca.connexion.application.gateway.GatewayRefusal;
import fr.presenca.connexion.application.gateway.OpenAiEndpoint;
import fr.presenca.connexion.application.gateway.UpstreamFailure;
import fr.presenca.connexion.application.port.in.GatewayCallCommand;
import fr.presenca.connexion.application.port.in.GatewayUseCase;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.connexion.ModelName;
import fr.presenca.connexion.domain.metering.IdempotencyKey;
import fr.presenca.connexion.domain.policy.DenialReason;
import io.vavr.control.Either;
import io.vavr.control.Option;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAI-compatible routes: reads the client's body (capped), estimates the call, hands it to the gateway use
 * case and relays OpenAI's answer as it streams. Every refusal is in OpenAI's error shape.
 */
public final class GatewayHandler {

    private static final org.apache.commons.logging.Log LOG = org.apache.commons.logging.LogFactory.getLog(GatewayHandler.class);

    static final String CONNEXION_HEADER = "X-Presenca-Connexion";
    static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    static final String RESERVATION_HEADER = "x-presenca-reservation-id";
    static final String REMAINING_REQUESTS_HEADER = "x-presenca-remaining-requests";
    static final String REMAINING_BUDGET_HEADER = "x-presenca-remaining-budget";

    /** Bodies up to this size are read and estimated on the event loop (well under a millisecond). */
    private static final int EVENT_LOOP_BODY_BYTES = 32 * 1024;

    private final GatewayUseCase gateway;
    private final GatewayCallers callers;
    private final CallEstimator estimator;
    private final JsonMapper json = JsonMapper.builder().build();
    private final int maxBodyBytes;

    public GatewayHandler(GatewayUseCase gateway, GatewayCallers callers, CallEstimator estimator, int maxBodyBytes) {
        this.gateway = gateway;
        this.callers = callers;
        this.estimator = estimator;
        this.maxBodyBytes = maxBodyBytes;
    }

    Mono<ServerResponse> chatCompletions(ServerRequest request) {
        return forward(request, OpenAiEndpoint.CHAT_COMPLETIONS);
    }

    Mono<ServerResponse> responses(ServerRequest request) {
        return forward(request, OpenAiEndpoint.RESPONSES);
    }

    Mono<ServerResponse> embeddings(ServerRequest request) {
        return forward(request, OpenAiEndpoint.EMBEDDINGS);
    }

    Mono<ServerResponse> models(ServerRequest request) {
        Either<Mono<ServerResponse>, Option<ConnexionId>> connexion = connexionOf(request);
        if (connexion.isLeft()) {
            return connexion.getLeft();
        }
        return callers.currentCaller()
                .flatMap(caller -> connexionNamed(caller, connexion.get()).fold(refused -> refused,
                        named -> gateway.allowedModels(caller, named)
                                .flatMap(result -> result.fold(GatewayHandler::refusal, models -> ServerResponse.ok()
                                        .contentType(MediaType.APPLICATION_JSON)
                                        .bodyValue(modelList(models))))))
                .onErrorResume(UnavailableException.class, GatewayHandler::unavailable);
    }

    Mono<ServerResponse> unknown(ServerRequest request) {
        return OpenAiErrors.refusal(HttpStatus.NOT_FOUND, "unknown_url", "Invalid URL (" + request.method() + " "
                + request.path() + ")");
    }

    // ------------------------------------------------------------------ forwarding

    private Mono<ServerResponse> forward(ServerRequest request, OpenAiEndpoint endpoint) {
        Either<Mono<ServerResponse>, Option<ConnexionId>> connexion = connexionOf(request);
        if (connexion.isLeft()) {
            return connexion.getLeft();
        }
        Either<Mono<ServerResponse>, IdempotencyKey> key = idempotencyKeyOf(request);
        if (key.isLeft()) {
            return key.getLeft();
        }
        return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), maxBodyBytes)
                .map(GatewayHandler::bytesOf)
                .defaultIfEmpty(new byte[0])
                .flatMap(body -> callers.currentCaller().flatMap(caller -> connexionNamed(caller, connexion.get())
                        .fold(refused -> refused, named -> offLoopWhenLarge(body,
                                () -> forward(caller, named, key.get(), endpoint, body)))))
                .onErrorResume(DataBufferLimitException.class, tooLarge -> invalid("the request body exceeds "
                        + maxBodyBytes + " bytes", null))
                .onErrorResume(UnavailableException.class, GatewayHandler::unavailable)
                .onErrorResume(UpstreamFailure.class, GatewayHandler::upstreamFailure);
    }

    private Mono<ServerResponse> forward(Caller caller, Option<ConnexionId> connexionId, IdempotencyKey key,
                                         OpenAiEndpoint endpoint, byte[] body) {
        JsonNode parsed;
        try {
            parsed = json.readTree(body);
        } catch (JacksonException e) {
            return invalid("the request body is not valid JSON", null);
        }
        if (parsed == null || !parsed.isObject()) {
            return invalid("the request body must be a JSON object", null);
        }
        Either<fr.presenca.connexion.adapter.in.gateway.estimate.EstimateProblem, CallEstimate> estimated =
                estimator.estimate(GatewayEndpoint.valueOf(endpoint.name()), parsed);
        if (estimated.isLeft()) {
            return invalid(estimated.getLeft().message(), estimated.getLeft().param().getOrNull());
        }
        CallEstimate estimate = estimated.get();
        Either<fr.presenca.connexion.domain.DomainError, ModelName> model = ModelName.of(estimate.model());
        if (model.isLeft()) {
            return invalid("model: " + model.getLeft().message(), "model");
        }
        boolean chatStream = endpoint == OpenAiEndpoint.CHAT_COMPLETIONS && estimate.stream();
        byte[] upstreamBody = chatStream && !estimate.clientAskedUsage() ? withUsageRequested((ObjectNode) parsed) : body;
        GatewayCallCommand command = new GatewayCallCommand(caller, connexionId, endpoint, model.get(),
                estimate.inputTokens(), estimate.maxOutputTokens(), estimate.outputMultiplier(), key, upstreamBody,
                estimate.stream(), chatStream && !estimate.clientAskedUsage());
        return gateway.forward(command).flatMap(result -> result.fold(GatewayHandler::refusal, GatewayHandler::relay));
    }

    /**
     * Parsing and tokenizing a large body takes milliseconds (o200k's splitter: ~3.5 ms per 100 KB, far more for
     * adversarial text): off the event loop, so that other connections are not held up behind it.
     */
    private static Mono<ServerResponse> offLoopWhenLarge(byte[] body, java.util.function.Supplier<Mono<ServerResponse>> work) {
        return body.length <= EVENT_LOOP_BODY_BYTES ? work.get()
                : Mono.defer(work).subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic());
    }

    /** Asks a chat stream for its usage chunk (the only way to meter a stream exactly); the rest is the client's. */
    private byte[] withUsageRequested(ObjectNode body) {
        JsonNode options = body.get("stream_options");
        ObjectNode streamOptions = options != null && options.isObject() ? (ObjectNode) options : body.putObject("stream_options");
        streamOptions.put("include_usage", true);
        return json.writeValueAsBytes(body);
    }

    private static Mono<ServerResponse> relay(GatewayAnswer answer) {
        ServerResponse.BodyBuilder response = ServerResponse.status(answer.status())
                .contentType(MediaType.parseMediaType(answer.contentType()))
                .header(RESERVATION_HEADER, answer.reservationId().value().toString());
        answer.requestId().forEach(id -> response.header("x-request-id", id));
        answer.remainingRequests().forEach(left -> response.header(REMAINING_REQUESTS_HEADER, String.valueOf(left)));
        answer.remainingBudget().forEach(left -> response.header(REMAINING_BUDGET_HEADER, left.rounded().toString()));
        return response.body((outputMessage, context) -> {
            ServerHttpResponse http = (ServerHttpResponse) outputMessage;
            DataBufferFactory buffers = http.bufferFactory();
            // One flush per upstream chunk or event: a stream reaches the client as OpenAI sends it.
            return http.writeAndFlushWith(answer.body().map(bytes -> Mono.just(buffers.wrap(bytes))));
        });
    }

    // ------------------------------------------------------------------ headers

    /** The connexion the header names, if any; a gateway key names its own, a token must name one. */
    private static Either<Mono<ServerResponse>, Option<ConnexionId>> connexionNamed(Caller caller, Option<ConnexionId> named) {
        return named.isEmpty() && !caller.isGatewayKey()
                ? Either.left(invalid("the " + CONNEXION_HEADER + " header must name the connexion to call with", null))
                : Either.right(named);
    }

    private static Either<Mono<ServerResponse>, Option<ConnexionId>> connexionOf(ServerRequest request) {
        List<String> values = request.headers().header(CONNEXION_HEADER);
        if (values.isEmpty() || values.get(0).isBlank()) {
            return Either.right(Option.none());
        }
        try {
            return Either.right(Option.some(new ConnexionId(UUID.fromString(values.get(0).trim()))));
        } catch (IllegalArgumentException e) {
            return Either.left(invalid("the " + CONNEXION_HEADER + " header must be a connexion id (a UUID)", null));
        }
    }

    private static Either<Mono<ServerResponse>, IdempotencyKey> idempotencyKeyOf(ServerRequest request) {
        List<String> values = request.headers().header(IDEMPOTENCY_HEADER);
        String raw = values.isEmpty() ? "gw-" + UUID.randomUUID() : values.get(0);
        return IdempotencyKey.of(raw).mapLeft(error -> invalid("the " + IDEMPOTENCY_HEADER + " header: "
                + error.message(), null));
    }

    // ------------------------------------------------------------------ answers

    private static Mono<ServerResponse> refusal(GatewayRefusal refusal) {
        return switch (refusal.kind()) {
            case CONNEXION_NOT_FOUND -> OpenAiErrors.refusal(HttpStatus.NOT_FOUND, "connexion_not_found", refusal.message());
            case INVALID_GATEWAY_KEY -> OpenAiErrors.refusal(HttpStatus.UNAUTHORIZED, "invalid_api_key", refusal.message());
            case CONNEXION_MISMATCH -> OpenAiErrors.refusal(HttpStatus.FORBIDDEN, "connexion_mismatch", refusal.message());
            case NO_API_KEY -> OpenAiErrors.refusal(HttpStatus.CONFLICT, "connexion_has_no_api_key", refusal.message());
            case IDEMPOTENCY_KEY_REUSED -> OpenAiErrors.refusal(HttpStatus.CONFLICT, "idempotency_key_reused",
                    refusal.message());
            case DENIED -> denial(refusal.denial().get(), refusal).flatMap(response -> Mono.just(response));
        };
    }

    private static Mono<ServerResponse> denial(DenialReason reason, GatewayRefusal refusal) {
        String message = refusal.message();
        return switch (reason) {
            case CONNEXION_INACTIVE -> OpenAiErrors.refusal(HttpStatus.FORBIDDEN, "connexion_inactive", message);
            case CONNEXION_ERROR -> OpenAiErrors.refusal(HttpStatus.FORBIDDEN, "connexion_error", message);
            case CONNEXION_EXPIRED -> OpenAiErrors.refusal(HttpStatus.FORBIDDEN, "connexion_expired", message);
            case MODEL_NOT_ALLOWED -> OpenAiErrors.refusal(HttpStatus.FORBIDDEN, "model_not_allowed", "model", message);
            case MODEL_NOT_PRICED -> OpenAiErrors.refusal(HttpStatus.FORBIDDEN, "model_not_priced", "model", message);
            case DAILY_QUOTA_EXCEEDED -> OpenAiErrors.refusal(HttpStatus.TOO_MANY_REQUESTS, "daily_quota_exceeded", message);
            case MONTHLY_BUDGET_EXCEEDED -> OpenAiErrors.refusal(HttpStatus.TOO_MANY_REQUESTS, "monthly_budget_exceeded",
                    message);
            case OPENAI_QUOTA_EXCEEDED -> OpenAiErrors.refusal(HttpStatus.TOO_MANY_REQUESTS, "insufficient_quota", message);
        };
    }

    private static Mono<ServerResponse> invalid(String message, String param) {
        return OpenAiErrors.refusal(HttpStatus.BAD_REQUEST, "invalid_request_error", param, message);
    }

    private static Mono<ServerResponse> unavailable(UnavailableException error) {
        return OpenAiErrors.failure(HttpStatus.SERVICE_UNAVAILABLE, "service_unavailable", error.getMessage());
    }

    private static Mono<ServerResponse> upstreamFailure(UpstreamFailure failure) {
        // The cause is the client library's (connection, codec): never the request's key, which is only a header.
        LOG.warn("OpenAI call failed: " + failure.getMessage(), failure.getCause());
        return failure.kind() == UpstreamFailure.Kind.TIMEOUT
                ? OpenAiErrors.failure(HttpStatus.GATEWAY_TIMEOUT, "upstream_timeout", failure.getMessage())
                : OpenAiErrors.failure(HttpStatus.BAD_GATEWAY, "upstream_error", failure.getMessage());
    }

    private static Map<String, Object> modelList(List<ModelName> models) {
        List<Map<String, Object>> data = models.stream().map(model -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", model.value());
            entry.put("object", "model");
            entry.put("created", 0);
            entry.put("owned_by", "openai");
            return entry;
        }).toList();
        return Map.of("object", "list", "data", data);
    }

    private static byte[] bytesOf(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }
}
