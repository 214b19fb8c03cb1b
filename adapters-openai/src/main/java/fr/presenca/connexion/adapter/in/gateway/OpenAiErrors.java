package fr.presenca.connexion.adapter.in.gateway;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Answers in OpenAI's error shape, {@code {"error": {"message", "type", "param", "code"}}}, so that the official
 * SDKs raise their usual exceptions. Refusals carry {@code x-should-retry: false}: retrying cannot change them, and
 * the SDKs honour it.
 */
public final class OpenAiErrors {

    public static final String SHOULD_RETRY = "x-should-retry";

    private OpenAiErrors() {
    }

    /** The error body, as a map for any JSON encoder. */
    public static Map<String, Object> body(String message, String type, String param, String code) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return Map.of("error", error);
    }

    /** A refusal: the call was not forwarded and a retry would get the same answer. */
    static Mono<ServerResponse> refusal(HttpStatus status, String code, String message) {
        return refusal(status, code, null, message);
    }

    static Mono<ServerResponse> refusal(HttpStatus status, String code, String param, String message) {
        return ServerResponse.status(status)
                .header(SHOULD_RETRY, "false")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body(message, typeOf(status, code), param, code));
    }

    /** A failure on the way (upstream, database): the SDKs' own retry rules apply. */
    static Mono<ServerResponse> failure(HttpStatus status, String code, String message) {
        return ServerResponse.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body(message, status.is5xxServerError() ? "server_error" : "invalid_request_error", null, code));
    }

    private static String typeOf(HttpStatus status, String code) {
        if (status == HttpStatus.TOO_MANY_REQUESTS) {
            return code.equals("insufficient_quota") ? "insufficient_quota" : "requests";
        }
        return "invalid_request_error";
    }
}
