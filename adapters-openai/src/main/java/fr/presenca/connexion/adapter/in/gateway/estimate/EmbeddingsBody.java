package fr.presenca.connexion.adapter.in.gateway.estimate;

import io.vavr.control.Either;
import io.vavr.control.Option;
import tools.jackson.databind.JsonNode;

import static fr.presenca.connexion.adapter.in.gateway.estimate.BodyFields.field;

/**
 * {@code POST /embeddings}: the exact tokens of the input (no per-input overhead is billed), an input being a string,
 * an array of strings, a token array or an array of token arrays. Each input is capped at the model's window when the
 * model is known (OpenAI refuses a longer one); the request as a whole may exceed it.
 */
final class EmbeddingsBody {

    private EmbeddingsBody() {
    }

    static Either<EstimateProblem, CallEstimate> estimate(
            String model, ModelFamily family, boolean stream, JsonNode body, TokenTally tally) {
        if (stream) {
            return Either.left(EstimateProblem.of("stream", "The embeddings endpoint does not stream."));
        }
        Option<JsonNode> input = field(body, "input");
        if (input.isEmpty()) {
            return Either.left(EstimateProblem.of("input", "'input' is required."));
        }
        long perInputCap = family.known() ? family.contextWindow() : Long.MAX_VALUE;
        Option<EstimateProblem> problem = count(input.get(), perInputCap, tally);
        if (problem.isDefined()) {
            return Either.left(problem.get());
        }
        long counted = tally.counted();
        return Either.right(new CallEstimate(
                model, ChatCompletionsBody.saturatedInt(counted), Option.some(0), 1, false, false));
    }

    private static Option<EstimateProblem> count(JsonNode input, long perInputCap, TokenTally tally) {
        if (input.isString()) {
            if (input.stringValue().isEmpty()) {
                return Option.some(invalid());
            }
            tally.text(input.stringValue(), perInputCap);
            return Option.none();
        }
        if (!input.isArray() || input.isEmpty()) {
            return Option.some(invalid());
        }
        JsonNode first = input.get(0);
        if (first.isIntegralNumber()) {
            return allIntegers(input) ? tokens(input.size(), perInputCap, tally) : Option.some(invalid());
        }
        for (JsonNode item : input.values()) {
            if (first.isString() && item.isString() && !item.stringValue().isEmpty()) {
                tally.text(item.stringValue(), perInputCap);
            } else if (first.isArray() && item.isArray() && !item.isEmpty() && allIntegers(item)) {
                tokens(item.size(), perInputCap, tally);
            } else {
                return Option.some(invalid());
            }
        }
        return Option.none();
    }

    private static Option<EstimateProblem> tokens(int length, long perInputCap, TokenTally tally) {
        tally.fixed(Math.min(length, perInputCap));
        return Option.none();
    }

    private static boolean allIntegers(JsonNode array) {
        for (JsonNode token : array.values()) {
            if (!token.isIntegralNumber()) {
                return false;
            }
        }
        return true;
    }

    private static EstimateProblem invalid() {
        return EstimateProblem.of("input", "'input' must be a non-empty string, an array of non-empty strings, "
                + "an array of token integers or an array of non-empty token arrays.");
    }
}
