package fr.presenca.connexion.adapter.in.gateway.estimate;

import io.vavr.control.Either;
import io.vavr.control.Option;
import tools.jackson.databind.JsonNode;

import java.util.Set;

import static fr.presenca.connexion.adapter.in.gateway.estimate.BodyFields.field;
import static fr.presenca.connexion.adapter.in.gateway.estimate.BodyFields.typeOf;

/**
 * {@code POST /responses}: instructions, input items, tools and the text format counted like chat messages (per item
 * overhead); whatever OpenAI fetches server-side (a previous response, a conversation, a stored prompt, stored
 * items, hosted tools' results) is bounded by the context window.
 */
final class ResponsesBody {

    /** Tools whose definition is all OpenAI sees; any other (file_search, web_search, mcp, ...) feeds input server-side. */
    private static final Set<String> COUNTED_TOOLS = Set.of("function", "custom");

    private ResponsesBody() {
    }

    static Either<EstimateProblem, CallEstimate> estimate(
            String model, ModelFamily family, boolean stream, JsonNode body, TokenTally tally) {
        Either<EstimateProblem, Option<Integer>> maxOutput = BodyFields.tokenCap(body, "max_output_tokens");
        if (maxOutput.isLeft()) {
            return Either.left(maxOutput.getLeft());
        }
        boolean serverSideContext = BodyFields.isSet(body, "previous_response_id")
                || BodyFields.isSet(body, "conversation") || BodyFields.isSet(body, "prompt");
        Option<JsonNode> input = field(body, "input");
        if (input.isEmpty() && !serverSideContext) {
            return Either.left(EstimateProblem.of("input",
                    "'input' is required unless 'previous_response_id', 'conversation' or 'prompt' is set."));
        }
        if (serverSideContext) {
            tally.unbounded();
        }
        field(body, "instructions").forEach(instructions -> {
            tally.fixed(InputBounds.PER_MESSAGE);
            tally.text(instructions.isString() ? instructions.stringValue() : instructions.toString());
        });
        if (input.isDefined()) {
            Option<EstimateProblem> problem = countInput(input.get(), tally);
            if (problem.isDefined()) {
                return Either.left(problem.get());
            }
        }
        countTools(body, tally);
        field(body, "text").map(text -> text.path("format"))
                .filter(format -> format.isObject() && !"text".equals(format.path("type").asString("")))
                .forEach(format -> {
                    tally.text(format.toString());
                    tally.fixed(InputBounds.TOOLS_BLOCK);
                });
        field(body, "tool_choice").filter(JsonNode::isObject).forEach(choice -> tally.text(choice.toString()));
        tally.fixed(InputBounds.REPLY_PRIMING);
        return Either.right(new CallEstimate(model, tally.bound(family), maxOutput.get(), 1, stream, false));
    }

    private static Option<EstimateProblem> countInput(JsonNode input, TokenTally tally) {
        if (input.isString()) {
            tally.fixed(InputBounds.PER_MESSAGE);
            tally.text("user");
            tally.text(input.stringValue());
            return Option.none();
        }
        if (!input.isArray()) {
            return Option.some(EstimateProblem.of("input",
                    "'input' must be a string or an array of input items, not " + typeOf(input) + "."));
        }
        for (int i = 0; i < input.size() && !tally.isUnbounded(); i++) {
            JsonNode item = input.get(i);
            String at = "input[" + i + "]";
            if (!item.isObject()) {
                return Option.some(EstimateProblem.of(at, "'" + at + "' must be an object, not " + typeOf(item) + "."));
            }
            Option<EstimateProblem> problem = countItem(at, item, tally);
            if (problem.isDefined()) {
                return problem;
            }
        }
        return Option.none();
    }

    private static Option<EstimateProblem> countItem(String at, JsonNode item, TokenTally tally) {
        String type = item.path("type").asString("message");
        tally.fixed(InputBounds.PER_MESSAGE);
        switch (type) {
            case "message" -> {
                if (!item.path("role").isString()) {
                    return Option.some(EstimateProblem.of(at + ".role", "'" + at + ".role' must be a string."));
                }
                tally.text(item.get("role").stringValue());
                return countContent(at + ".content", item.path("content"), tally);
            }
            case "function_call", "custom_tool_call" -> {
                for (String name : new String[] {"call_id", "name", "arguments", "input"}) {
                    tally.text(item.path(name).asString(""));
                }
                return Option.none();
            }
            case "function_call_output", "custom_tool_call_output" -> {
                tally.text(item.path("call_id").asString(""));
                return countContent(at + ".output", item.path("output"), tally);
            }
            // reasoning (encrypted, or stored by id), item_reference, and every item whose content OpenAI
            // holds or produced server-side
            default -> {
                tally.unbounded();
                return Option.none();
            }
        }
    }

    private static Option<EstimateProblem> countContent(String at, JsonNode content, TokenTally tally) {
        if (content.isString()) {
            tally.text(content.stringValue());
            return Option.none();
        }
        if (content.isMissingNode() || content.isNull()) {
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
                case "input_text", "output_text" -> {
                    if (!part.path("text").isString()) {
                        return Option.some(EstimateProblem.of(partAt + ".text", "'" + partAt + ".text' must be a string."));
                    }
                    tally.text(part.get("text").stringValue());
                    JsonNode annotations = part.path("annotations");
                    if (annotations.isArray() && !annotations.isEmpty()) {
                        tally.text(annotations.toString());
                    }
                }
                case "refusal" -> tally.text(part.path("refusal").asString(""));
                case "input_image" -> tally.fixed(InputBounds.PER_IMAGE);
                // input_file (a document's text and page images), input_audio, and part types we do not know
                default -> tally.unbounded();
            }
        }
        return Option.none();
    }

    private static void countTools(JsonNode body, TokenTally tally) {
        Option<JsonNode> tools = field(body, "tools").filter(JsonNode::isArray).filter(array -> !array.isEmpty());
        if (tools.isEmpty()) {
            return;
        }
        for (JsonNode tool : tools.get().values()) {
            if (!COUNTED_TOOLS.contains(tool.path("type").asString(""))) {
                tally.unbounded();
                return;
            }
            tally.fixed(InputBounds.PER_TOOL);
            tally.text(tool.toString());
        }
        tally.fixed(InputBounds.TOOLS_BLOCK);
    }
}
