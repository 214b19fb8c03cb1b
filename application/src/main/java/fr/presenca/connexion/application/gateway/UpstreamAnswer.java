package fr.presenca.connexion.application.gateway;

import java.util.Objects;
import java.util.function.Supplier;

import io.vavr.control.Option;
import reactor.core.publisher.Flux;

/**
 * OpenAI's answer as it arrives: status and headers at once, the body as it streams. {@link #outcome()} is read
 * once the body has ended (completed, failed or cancelled): what the adapter saw in it up to there.
 *
 * @param requestId   OpenAI's x-request-id
 * @param contentType the answer's content type
 */
public record UpstreamAnswer(int status, Option<String> requestId, String contentType, Flux<byte[]> body,
                             Supplier<UpstreamOutcome> outcome) {

    public UpstreamAnswer {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(outcome, "outcome");
    }
}
