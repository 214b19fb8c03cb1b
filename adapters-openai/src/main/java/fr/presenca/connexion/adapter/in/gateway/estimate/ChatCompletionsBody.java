package fr.presenca.connexion.adapter.in.gateway.estimate;

import io.vavr.control.Either;
import io.vavr.control.Option;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

import static fr.presenca.connexion.adapter.in.gateway.estimate.BodyFields.field;
import static fr.presenca.connexion.adapter.in.gateway.estimate.BodyFields.typeOf;

/** {@code POST /chat/completions}: messages, tools and schema counted; images bounded; audio and files unbounded. */
final class ChatCompletionsBody {

    private static final int MAX_N = 128;

    private ChatCompletionsBody() {
    }

    static Either<EstimateProblem, CallEstimate> estimate(
            String model, ModelFamily family, boolean stream, JsonNode body, TokenTally tally, TokenTally prediction) {
        // the cheap checks first: a refused body is not tokenized
        Either<EstimateProblem, Option<Integer>> maxCompletion = BodyFields.tokenCap(body, "max_completion_tokens");
        Either<EstimateProblem, Option<Integer>> maxTokens = BodyFields.tokenCap(body, "max_tokens");
        Either<EstimateProblem, Option<Integer>> n = BodyFields.integerIn(body, "n", 1, MAX_N);
        Either<EstimateProblem, Boolean> includeUsage = includeUsage(body);
        for (Either<EstimateProblem, ?> checked : List.of(maxCompletion, maxTokens, n, includeUsage)) {
            if (checked.isLeft()) {
                return Either.left(checked.getLeft());
            }
        }
        Option<JsonNode> messages = field(body, "messages");
        if (messages.isEmpty() || !messages.get().isArray() || messages.get().isEmpty()) {
            return Either.left(EstimateProblem.of("messages", "'messages' must be a non-empty array of messages."));
        }
        Option<EstimateProblem> badMessage = countMessages(messages.get(), tally);
        if (badMessage.isDefined()) {
            return Either.left(badMessage.get());
        }
        countDefinitions(body, "tools", tally);
        countDefinitions(body, "functions", tally);
        field(body, "response_format")
                .filter(format -> !"text".equals(format.path("type").asString("")))
                .forEach(format -> {
                    tally.text(format.toString());
                    tally.fixed(InputBounds.TOOLS_BLOCK);
                });
        field(body, "tool_choice").filter(JsonNode::isObject).forEach(choice -> tally.text(choice.toString()));
        if (BodyFields.isSet(body, "web_search_options")) {
            tally.unbounded(); // search results are fetched and billed server-side
        }
        countPrediction(body, prediction);
        tally.fixed(InputBounds.REPLY_PRIMING);

        int choices = n.get().getOrElse(1);
        // max_completion_tokens supersedes max_tokens; n choices each get the cap; rejected prediction tokens are
        // billed as completion tokens on top of it.
        Option<Integer> cap = maxCompletion.get().orElse(maxTokens.get())
                .map(perChoice -> saturatedInt((long) perChoice * choices + prediction.counted()));
        return Either.right(new CallEstimate(
                model, tally.bound(family), cap, choices, stream, includeUsage.get()));
    }

    private static Option<EstimateProblem> countMessages(JsonNode messages, TokenTally tally) {
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String at = "messages[" + i + "]";
            if (!message.isObject()) {
                return Option.some(EstimateProblem.of(at, "'" + at + "' must be an object, not " + typeOf(message) + "."));
            }
            if (!message.path("role").isString()) {
                return Option.some(EstimateProblem.of(at + ".role", "'" + at + ".role' must be a string."));
            }
            tally.fixed(InputBounds.PER_MESSAGE);
            for (Map.Entry<String, JsonNode> entry : message.properties()) {
                Option<EstimateProblem> problem = countMessageField(at, entry.getKey(), entry.getValue(), tally);
                if (problem.isDefined()) {
                    return problem;
                }
            }
        }
        return Option.none();
    }

    private static Option<EstimateProblem> countMessageField(String at, String key, JsonNode value, TokenTally tally) {
        if (value.isNull()) {
            return Option.none();
        }
        switch (key) {
            case "content":
                return countContent(at + ".content", value, tally);
            case "name":
                tally.text(value.asString());
                tally.fixed(InputBounds.PER_NAME);
                return Option.none();
            case "audio":
                // a previous audio answer referenced by id: its audio tokens are billed, their number is not in the body
                tally.unbounded();
                return Option.none();
            default:
                // role, tool_call_id, refusal as text; tool_calls and function_call as their JSON (names,
                // arguments and the framing around them: over-counted, never under)
                tally.text(value.isString() ? value.stringValue() : value.toString());
                return Option.none();
        }
    }

    private static Option<EstimateProblem> countContent(String at, JsonNode content, TokenTally tally) {
        if (content.isString()) {
            tally.text(content.stringValue());
            return Option.none();
        }
        if (!content.isArray()) {
            return Option.some(EstimateProblem.of(at, "'" + at + "' must be a string or an array of content parts, not "
                    + typeOf(content) + "."));
        }
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String partAt = at + "[" + i + "]";
            if (!part.isObject() || !part.path("type").isString()) {
                return Option.some(EstimateProblem.of(partAt,
                        "'" + partAt + "' must be a content part: an object with a string 'type'."));
            }
            switch (part.get("type").stringValue()) {
                case "text" -> {
                    if (!part.path("text").isString()) {
                        return Option.some(EstimateProblem.of(partAt + ".text", "'" + partAt + ".text' must be a string."));
                    }
                    tally.text(part.get("text").stringValue());
                }
                case "refusal" -> tally.text(part.path("refusal").asString(""));
                case "image_url" -> tally.fixed(InputBounds.PER_IMAGE);
                // input_audio, file (PDFs: text and page images) and part types we do not know
                default -> tally.unbounded();
            }
        }
        return Option.none();
    }

    private static void countDefinitions(JsonNode body, String name, TokenTally tally) {
        Option<JsonNode> definitions = field(body, name).filter(JsonNode::isArray).filter(array -> !array.isEmpty());
        if (definitions.isEmpty()) {
            return;
        }
        for (JsonNode definition : definitions.get().values()) {
            tally.fixed(InputBounds.PER_TOOL);
            tally.text(definition.toString());
        }
        tally.fixed(InputBounds.TOOLS_BLOCK);
    }

    /** Predicted output: what the model does not reuse is billed as completion tokens. */
    private static void countPrediction(JsonNode body, TokenTally prediction) {
        field(body, "prediction").map(p -> p.path("content")).forEach(content -> {
            if (content.isString()) {
                prediction.text(content.stringValue());
            } else if (content.isArray()) {
                content.values().forEach(part -> prediction.text(part.path("text").asString("")));
            }
        });
    }

    private static Either<EstimateProblem, Boolean> includeUsage(JsonNode body) {
        Option<JsonNode> options = field(body, "stream_options");
        if (options.isEmpty()) {
            return Either.right(false);
        }
        if (!options.get().isObject()) {
            return Either.left(EstimateProblem.of("stream_options", "'stream_options' must be an object."));
        }
        return BodyFields.flag(options.get(), "include_usage", "stream_options.include_usage");
    }

    static int saturatedInt(long value) {
        return (int) Math.min(value, Integer.MAX_VALUE);
    }
}
