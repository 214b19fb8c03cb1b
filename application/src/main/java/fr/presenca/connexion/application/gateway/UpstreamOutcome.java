package fr.presenca.connexion.application.gateway;

import java.util.Objects;

import io.vavr.control.Option;

/**
 * What the gateway learnt from OpenAI's answer once its body ended: the usage OpenAI reported, if it did, and the
 * error it answered, if any.
 */
public record UpstreamOutcome(Option<TokenUsage> usage, Option<UpstreamError> error) {

    public static final UpstreamOutcome NOTHING = new UpstreamOutcome(Option.none(), Option.none());

    public UpstreamOutcome {
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(error, "error");
    }
}
