package fr.presenca.connexion.adapter.in.gateway.estimate;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import io.vavr.control.Either;
import io.vavr.control.Option;
import tools.jackson.databind.JsonNode;

/**
 * Reads an OpenAI request body into what its admission needs: the model, an upper bound of the input tokens OpenAI
 * will bill, the output cap and the stream flags. Text is counted with the model's own tokenizer (jtokkit) plus
 * OpenAI's chat framing (3 tokens per message, 1 per name, 3 to prime the answer); tool definitions and schemas count
 * as their JSON text, which is more than OpenAI's compact rendering; what cannot be counted is bounded: an image at
 * its family's dearest ({@link ModelFamily}), and audio, files, earlier responses, conversations and server-side tools
 * at the model's whole context window. A count is never above the context window, and has a 5 % + 16 token margin
 * over the documented framing (newer models add framing of their own). Thread-safe; the tokenizers load once.
 */
public final class CallEstimator {

    private static final int TOKENS_PER_MESSAGE = 3;
    private static final int TOKENS_PER_NAME = 1;
    private static final int REPLY_PRIMING = 3;
    private static final int TOKENS_PER_TOOL_CALL = 8;
    private static final int TOKENS_PER_DEFINITION_BLOCK = 16;
    private static final int MAX_N = 128;

    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

    public Either<EstimateProblem, CallEstimate> estimate(GatewayEndpoint endpoint, JsonNode body) {
        if (body == null || !body.isObject()) {
            return problem("the request body must be a JSON object", null);
        }
        JsonNode model = body.get("model");
        if (model == null || !model.isString() || model.asString().isBlank()) {
            return problem("you must provide a model parameter", "model");
        }
        JsonNode stream = body.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            return problem("stream must be a boolean", "stream");
        }
        Counter counter = new Counter(ModelFamily.of(model.asString()));
        return switch (endpoint) {
            case CHAT_COMPLETIONS -> chat(body, model.asString(), counter);
            case RESPONSES -> responses(body, model.asString(), counter);
            case EMBEDDINGS -> embeddings(body, model.asString(), counter);
        };
    }

    // ------------------------------------------------------------------ endpoints

    private Either<EstimateProblem, CallEstimate> chat(JsonNode body, String model, Counter counter) {
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            return problem("messages must be a non-empty array", "messages");
        }
        Either<EstimateProblem, Integer> n = positive(body, "n", MAX_N);
        Either<EstimateProblem, Option<Integer>> completionCap = cap(body, "max_completion_tokens");
        Either<EstimateProblem, Option<Integer>> legacyCap = cap(body, "max_tokens");
        if (n.isLeft()) {
            return Either.left(n.getLeft());
        }
        if (completionCap.isLeft() || legacyCap.isLeft()) {
            return Either.left(completionCap.isLeft() ? completionCap.getLeft() : legacyCap.getLeft());
        }
        for (JsonNode message : messages) {
            if (!message.isObject()) {
                return problem("each message must be an object", "messages");
            }
            counter.add(TOKENS_PER_MESSAGE);
            counter.text(message.get("role"));
            if (message.hasNonNull("name")) {
                counter.text(message.get("name"));
                counter.add(TOKENS_PER_NAME);
            }
            counter.content(message.get("content"));
            counter.text(message.get("refusal"));
            counter.text(message.get("tool_call_id"));
            JsonNode toolCalls = message.get("tool_calls");
            if (toolCalls != null && toolCalls.isArray()) {
                for (JsonNode call : toolCalls) {
                    counter.add(TOKENS_PER_TOOL_CALL);
                    counter.text(call.path("function").get("name"));
                    counter.text(call.path("function").get("arguments"));
                    counter.text(call.path("custom").get("input"));
                }
            }
            JsonNode functionCall = message.get("function_call");
            if (functionCall != null && functionCall.isObject()) {
                counter.add(TOKENS_PER_TOOL_CALL);
                counter.text(functionCall.get("name"));
                counter.text(functionCall.get("arguments"));
            }
            if (message.hasNonNull("audio")) {
                counter.unbounded(); // an earlier audio answer, replayed by id
            }
        }
        counter.add(REPLY_PRIMING);
        counter.definitions(body.get("tools"));
        counter.definitions(body.get("functions"));
        counter.definitions(body.get("response_format"));
        counter.definitions(body.get("prediction"));
        int outputs = n.get();
        Option<Integer> cap = completionCap.get().orElse(legacyCap.get()).map(tokens -> Math.multiplyExact(tokens, outputs));
        return Either.right(new CallEstimate(model, counter.bound(), cap, outputs, isTrue(body.get("stream")),
                isTrue(body.path("stream_options").get("include_usage"))));
    }

    private Either<EstimateProblem, CallEstimate> responses(JsonNode body, String model, Counter counter) {
        JsonNode input = body.get("input");
        boolean continued = body.hasNonNull("previous_response_id") || body.hasNonNull("conversation")
                || body.hasNonNull("prompt");
        if ((input == null || input.isNull()) && !continued) {
            return problem("input is required (or previous_response_id, conversation or prompt)", "input");
        }
        Either<EstimateProblem, Option<Integer>> cap = cap(body, "max_output_tokens");
        if (cap.isLeft()) {
            return Either.left(cap.getLeft());
        }
        if (continued) {
            counter.unbounded(); // the earlier turns are billed as input, and are not in this body
        }
        counter.text(body.get("instructions"));
        if (input != null && input.isString()) {
            counter.add(TOKENS_PER_MESSAGE);
            counter.text(input);
        } else if (input != null && input.isArray()) {
            for (JsonNode item : input) {
                counter.add(TOKENS_PER_MESSAGE);
                String type = item.path("type").asString("message");
                switch (type) {
                    case "message" -> {
                        counter.text(item.get("role"));
                        counter.content(item.get("content"));
                    }
                    case "function_call", "custom_tool_call" -> {
                        counter.add(TOKENS_PER_TOOL_CALL);
                        counter.text(item.get("name"));
                        counter.text(item.get("arguments"));
                        counter.text(item.get("input"));
                    }
                    case "function_call_output", "custom_tool_call_output" -> counter.content(item.get("output"));
                    case "item_reference", "reasoning", "image_generation_call", "computer_call",
                            "computer_call_output", "file_search_call", "web_search_call", "code_interpreter_call",
                            "mcp_call", "mcp_list_tools", "local_shell_call", "local_shell_call_output" ->
                            counter.unbounded(); // content kept by OpenAI, encrypted, or fetched server-side
                    default -> counter.json(item);
                }
            }
        } else if (input != null && !input.isNull()) {
            return problem("input must be a string or an array of items", "input");
        }
        JsonNode tools = body.get("tools");
        if (tools != null && tools.isArray()) {
            for (JsonNode tool : tools) {
                String type = tool.path("type").asString("");
                if (!type.equals("function") && !type.equals("custom")) {
                    counter.unbounded(); // hosted tools (search, files, code, MCP) add input OpenAI fetches itself
                }
            }
        }
        counter.definitions(tools);
        counter.definitions(body.path("text").get("format"));
        return Either.right(new CallEstimate(model, counter.bound(), cap.get(), 1, isTrue(body.get("stream")), false));
    }

    private Either<EstimateProblem, CallEstimate> embeddings(JsonNode body, String model, Counter counter) {
        JsonNode input = body.get("input");
        if (input == null || input.isNull() || (input.isArray() && input.isEmpty())) {
            return problem("input must be a string, an array of strings or an array of token arrays", "input");
        }
        if (input.isString()) {
            counter.text(input);
        } else if (input.isArray()) {
            for (JsonNode item : input) {
                if (item.isString()) {
                    counter.text(item);
                } else if (item.isIntegralNumber()) {
                    counter.add(1);
                } else if (item.isArray()) {
                    counter.add(item.size());
                } else {
                    return problem("input must be a string, an array of strings or an array of token arrays", "input");
                }
            }
        } else {
            return problem("input must be a string, an array of strings or an array of token arrays", "input");
        }
        return Either.right(new CallEstimate(model, counter.exact(), Option.some(0), 1, false, false));
    }

    // ------------------------------------------------------------------ fields

    private static Either<EstimateProblem, Option<Integer>> cap(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Either.right(Option.none());
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 1) {
            return problem(field + " must be a positive integer", field);
        }
        return Either.right(Option.some(value.asInt()));
    }

    private static Either<EstimateProblem, Integer> positive(JsonNode body, String field, int max) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Either.right(1);
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 1 || value.asInt() > max) {
            return problem(field + " must be an integer from 1 to " + max, field);
        }
        return Either.right(value.asInt());
    }

    private static boolean isTrue(JsonNode node) {
        return node != null && node.isBoolean() && node.asBoolean();
    }

    private static <T> Either<EstimateProblem, T> problem(String message, String param) {
        return Either.left(new EstimateProblem(message, Option.of(param)));
    }

    /** Adds up one body's tokens; saturates at the context window. */
    private static final class Counter {

        private final ModelFamily family;
        private long tokens;
        private boolean unbounded;

        Counter(ModelFamily family) {
            this.family = family;
        }

        void add(long count) {
            tokens += count;
        }

        void unbounded() {
            unbounded = true;
        }

        void text(JsonNode node) {
            if (node != null && node.isString()) {
                add(count(node.asString()));
            } else if (node != null && !node.isNull() && !node.isMissingNode()) {
                json(node);
            }
        }

        /** A message's content: a string, or parts (text, image, audio, file, refusal). */
        void content(JsonNode content) {
            if (content == null || content.isNull()) {
                return;
            }
            if (!content.isArray()) {
                text(content);
                return;
            }
            for (JsonNode part : content) {
                String type = part.path("type").asString("");
                switch (type) {
                    case "text", "input_text", "output_text" -> text(part.get("text"));
                    case "refusal" -> text(part.get("refusal"));
                    case "image_url", "input_image" -> {
                        if (part.hasNonNull("file_id")) {
                            unbounded(); // a stored file: a PDF's pages may be many images
                        } else {
                            add(family.imageBound());
                        }
                    }
                    default -> unbounded(); // input_audio, file, input_file: not countable from here
                }
            }
        }

        /** Tool definitions, schemas, predictions: their JSON text, plus a block of framing. */
        void definitions(JsonNode node) {
            if (node != null && !node.isNull() && !node.isMissingNode()) {
                add(TOKENS_PER_DEFINITION_BLOCK);
                json(node);
            }
        }

        void json(JsonNode node) {
            add(count(node.toString()));
        }

        private int count(String text) {
            if (text.isEmpty()) {
                return 0;
            }
            EncodingType type = family.encoding();
            if (type != null) {
                return encoding(type).countTokensOrdinary(text);
            }
            return Math.max(encoding(EncodingType.O200K_BASE).countTokensOrdinary(text),
                    encoding(EncodingType.CL100K_BASE).countTokensOrdinary(text));
        }

        /** The bound of a chat or Responses call: margin, then the context window. */
        int bound() {
            if (unbounded) {
                return family.contextWindow();
            }
            long withMargin = (long) Math.ceil(tokens * 1.05) + 16;
            return (int) Math.min(withMargin, family.contextWindow());
        }

        /** Embeddings are billed their exact token count. */
        int exact() {
            return (int) Math.min(tokens, family.known() ? family.contextWindow() * 2048L : Integer.MAX_VALUE);
        }
    }

    private static Encoding encoding(EncodingType type) {
        return REGISTRY.getEncoding(type);
    }
}
