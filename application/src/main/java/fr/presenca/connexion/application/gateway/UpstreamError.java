package fr.presenca.connexion.application.gateway;

import java.util.Objects;

import io.vavr.control.Option;

/**
 * An error OpenAI answered, as its error body has it ({@code {"error": {"message", "type", "code"}}}): an HTTP
 * status of 400 or more, or an error event inside a stream that started with 200.
 */
public record UpstreamError(int status, Option<String> code, Option<String> type, String message) {

    public UpstreamError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
    }

    /** {@code code: message}, what lastError keeps. */
    public String describe() {
        return code.orElse(type).map(c -> c + ": " + message).getOrElse(message);
    }
}
