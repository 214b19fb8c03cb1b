package fr.presenca.connexion.adapter.out.openai;

import fr.presenca.connexion.application.gateway.TokenUsage;
import fr.presenca.connexion.application.gateway.UpstreamError;
import io.vavr.control.Option;
import tools.jackson.databind.JsonNode;

/** Reads OpenAI's {@code usage} objects and error bodies, in the shapes of its endpoints. */
final class UsageReader {

    private UsageReader() {
    }

    /**
     * Chat and embeddings: {@code prompt_tokens}, {@code completion_tokens} (absent for embeddings),
     * {@code prompt_tokens_details.cached_tokens}; Responses: {@code input_tokens}, {@code output_tokens},
     * {@code input_tokens_details.cached_tokens}. None when {@code usage} is absent or null.
     */
    static Option<TokenUsage> usageOf(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return Option.none();
        }
        if (usage.has("input_tokens")) {
            int input = count(usage.get("input_tokens"));
            return Option.some(new TokenUsage(input, Math.min(input, count(usage.path("input_tokens_details").get("cached_tokens"))),
                    count(usage.get("output_tokens"))));
        }
        if (usage.has("prompt_tokens")) {
            int input = count(usage.get("prompt_tokens"));
            return Option.some(new TokenUsage(input, Math.min(input, count(usage.path("prompt_tokens_details").get("cached_tokens"))),
                    count(usage.get("completion_tokens"))));
        }
        return Option.none();
    }

    /** OpenAI's {@code {"error": {...}}} (or a Responses stream's error event); None when it is not one. */
    static Option<UpstreamError> errorOf(int status, JsonNode body) {
        if (body == null || !body.isObject()) {
            return Option.none();
        }
        JsonNode error = body.get("error");
        if (error == null || !error.isObject()) {
            if (!"error".equals(text(body.get("type")).getOrNull())) {
                return Option.none();
            }
            error = body; // a Responses stream's {"type": "error", "code", "message", ...}
        }
        return Option.some(new UpstreamError(status, text(error.get("code")), text(error.get("type")),
                text(error.get("message")).getOrElse("(no message)")));
    }

    private static int count(JsonNode node) {
        return node != null && node.canConvertToInt() && node.asInt() > 0 ? node.asInt() : 0;
    }

    private static Option<String> text(JsonNode node) {
        return node != null && node.isTextual() && !node.asText().isBlank() ? Option.some(node.asText()) : Option.none();
    }
}
