package fr.presenca.connexion.adapter.in.gateway.estimate;

import io.vavr.control.Option;

/**
 * A body the gateway refuses with 400 {@code invalid_request_error} before anything is held or forwarded.
 *
 * @param message for the client; never echoes the body's content
 * @param param   OpenAI's {@code param}: the offending field, e.g. {@code model}, {@code messages.[2].content}
 */
public record EstimateProblem(String message, Option<String> param) {

    static EstimateProblem of(String param, String message) {
        return new EstimateProblem(message, Option.of(param));
    }

    static EstimateProblem ofBody(String message) {
        return new EstimateProblem(message, Option.none());
    }
}
