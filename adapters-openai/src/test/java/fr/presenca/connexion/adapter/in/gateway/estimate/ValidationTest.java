package fr.presenca.connexion.adapter.in.gateway.estimate;

import io.vavr.control.Option;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import java.util.stream.Stream;

import static fr.presenca.connexion.adapter.in.gateway.estimate.Bodies.json;
import static fr.presenca.connexion.adapter.in.gateway.estimate.GatewayEndpoint.CHAT_COMPLETIONS;
import static fr.presenca.connexion.adapter.in.gateway.estimate.GatewayEndpoint.EMBEDDINGS;
import static fr.presenca.connexion.adapter.in.gateway.estimate.GatewayEndpoint.RESPONSES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

@DisplayName("Bodies the gateway refuses with 400 before holding anything")
class ValidationTest {

    private static final String CHAT = "\"model\": \"gpt-4o\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]";
    private static final String SECRET_CONTENT = "confidential-" + "x".repeat(5_000);

    private final CallEstimator estimator = new CallEstimator();

    static Stream<Arguments> refusals() {
        return Stream.of(
                arguments(CHAT_COMPLETIONS, "[1, 2]", null, "must be a JSON object"),
                arguments(CHAT_COMPLETIONS, "\"text\"", null, "must be a JSON object"),
                arguments(CHAT_COMPLETIONS, "{\"messages\": []}", "model", "'model' must be a non-blank string"),
                arguments(CHAT_COMPLETIONS, "{\"model\": null, \"messages\": []}", "model", "'model'"),
                arguments(CHAT_COMPLETIONS, "{\"model\": 4, \"messages\": []}", "model", "'model'"),
                arguments(CHAT_COMPLETIONS, "{\"model\": \"  \", \"messages\": []}", "model", "'model'"),
                arguments(RESPONSES, "{\"input\": \"Hi\"}", "model", "'model'"),
                arguments(EMBEDDINGS, "{\"input\": \"Hi\"}", "model", "'model'"),
                arguments(CHAT_COMPLETIONS, "{\"model\": \"gpt-4o\"}", "messages", "'messages' must be a non-empty array"),
                arguments(CHAT_COMPLETIONS, "{\"model\": \"gpt-4o\", \"messages\": []}", "messages", "non-empty array"),
                arguments(CHAT_COMPLETIONS, "{\"model\": \"gpt-4o\", \"messages\": \"Hi\"}", "messages", "non-empty array"),
                arguments(CHAT_COMPLETIONS, "{\"model\": \"gpt-4o\", \"messages\": [\"Hi\"]}", "messages[0]",
                        "'messages[0]' must be an object, not a string"),
                arguments(CHAT_COMPLETIONS, "{\"model\": \"gpt-4o\", \"messages\": [{\"content\": \"Hi\"}]}",
                        "messages[0].role", "must be a string"),
                arguments(CHAT_COMPLETIONS, "{\"model\": \"gpt-4o\", \"messages\": [{\"role\": \"user\", \"content\": 42}]}",
                        "messages[0].content", "must be a string or an array of content parts, not a number"),
                arguments(CHAT_COMPLETIONS, "{\"model\": \"gpt-4o\", \"messages\": [{\"role\": \"user\", \"content\": [\"Hi\"]}]}",
                        "messages[0].content[0]", "an object with a string 'type'"),
                arguments(CHAT_COMPLETIONS, "{\"model\": \"gpt-4o\", \"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"text\"}]}]}",
                        "messages[0].content[0].text", "must be a string"),
                arguments(CHAT_COMPLETIONS, "{" + CHAT + ", \"max_tokens\": 0}", "max_tokens", "'max_tokens' must be a positive integer"),
                arguments(CHAT_COMPLETIONS, "{" + CHAT + ", \"max_tokens\": -5}", "max_tokens", "positive integer"),
                arguments(CHAT_COMPLETIONS, "{" + CHAT + ", \"max_tokens\": 10.5}", "max_tokens", "positive integer"),
                arguments(CHAT_COMPLETIONS, "{" + CHAT + ", \"max_tokens\": \"100\"}", "max_tokens", "positive integer"),
                arguments(CHAT_COMPLETIONS, "{" + CHAT + ", \"max_tokens\": 3000000000}", "max_tokens", "positive integer"),
                arguments(CHAT_COMPLETIONS, "{" + CHAT + ", \"max_completion_tokens\": 0}", "max_completion_tokens",
                        "'max_completion_tokens' must be a positive integer"),
                arguments(CHAT_COMPLETIONS, "{" + CHAT + ", \"n\": 0}", "n", "'n' must be an integer from 1 to 128"),
                arguments(CHAT_COMPLETIONS, "{" + CHAT + ", \"n\": 129}", "n", "from 1 to 128"),
                arguments(CHAT_COMPLETIONS, "{" + CHAT + ", \"n\": 2.0}", "n", "from 1 to 128"),
                arguments(CHAT_COMPLETIONS, "{" + CHAT + ", \"stream\": \"yes\"}", "stream", "'stream' must be a boolean"),
                arguments(CHAT_COMPLETIONS, "{" + CHAT + ", \"stream\": 1}", "stream", "'stream' must be a boolean"),
                arguments(CHAT_COMPLETIONS, "{" + CHAT + ", \"stream_options\": true}", "stream_options", "must be an object"),
                arguments(CHAT_COMPLETIONS, "{" + CHAT + ", \"stream_options\": {\"include_usage\": \"true\"}}",
                        "stream_options.include_usage", "must be a boolean"),
                arguments(RESPONSES, "{\"model\": \"gpt-5\"}", "input",
                        "'input' is required unless 'previous_response_id', 'conversation' or 'prompt' is set"),
                arguments(RESPONSES, "{\"model\": \"gpt-5\", \"input\": null}", "input", "'input' is required"),
                arguments(RESPONSES, "{\"model\": \"gpt-5\", \"input\": 12}", "input", "must be a string or an array of input items"),
                arguments(RESPONSES, "{\"model\": \"gpt-5\", \"input\": [\"Hi\"]}", "input[0]", "must be an object"),
                arguments(RESPONSES, "{\"model\": \"gpt-5\", \"input\": [{\"content\": \"Hi\"}]}", "input[0].role", "must be a string"),
                arguments(RESPONSES, "{\"model\": \"gpt-5\", \"input\": [{\"role\": \"user\", \"content\": [{\"type\": \"input_text\"}]}]}",
                        "input[0].content[0].text", "must be a string"),
                arguments(RESPONSES, "{\"model\": \"gpt-5\", \"input\": \"Hi\", \"max_output_tokens\": 0}", "max_output_tokens",
                        "'max_output_tokens' must be a positive integer"),
                arguments(RESPONSES, "{\"model\": \"gpt-5\", \"input\": \"Hi\", \"stream\": \"no\"}", "stream", "must be a boolean"),
                arguments(EMBEDDINGS, "{\"model\": \"text-embedding-3-small\"}", "input", "'input' is required"),
                arguments(EMBEDDINGS, "{\"model\": \"text-embedding-3-small\", \"input\": \"\"}", "input", "must be a non-empty string"),
                arguments(EMBEDDINGS, "{\"model\": \"text-embedding-3-small\", \"input\": []}", "input", "non-empty"),
                arguments(EMBEDDINGS, "{\"model\": \"text-embedding-3-small\", \"input\": 5}", "input", "non-empty"),
                arguments(EMBEDDINGS, "{\"model\": \"text-embedding-3-small\", \"input\": [\"a\", 1]}", "input", "non-empty"),
                arguments(EMBEDDINGS, "{\"model\": \"text-embedding-3-small\", \"input\": [1, \"a\"]}", "input", "non-empty"),
                arguments(EMBEDDINGS, "{\"model\": \"text-embedding-3-small\", \"input\": [[1, 2], []]}", "input", "non-empty"),
                arguments(EMBEDDINGS, "{\"model\": \"text-embedding-3-small\", \"input\": [[1, 2.5]]}", "input", "non-empty"),
                arguments(EMBEDDINGS, "{\"model\": \"text-embedding-3-small\", \"input\": [\"a\", \"\"]}", "input", "non-empty"),
                arguments(EMBEDDINGS, "{\"model\": \"text-embedding-3-small\", \"input\": \"a\", \"stream\": true}", "stream",
                        "does not stream"));
    }

    @ParameterizedTest(name = "{0} {1} → {2}")
    @MethodSource("refusals")
    void a_malformed_body_is_refused_with_the_offending_param(
            GatewayEndpoint endpoint, String body, String param, String message) {
        EstimateProblem problem = estimator.estimate(endpoint, json(body)).getLeft();

        assertThat(problem.param()).isEqualTo(Option.of(param));
        assertThat(problem.message()).contains(message);
    }

    @Test
    void no_body_at_all_is_refused() {
        assertThat(estimator.estimate(CHAT_COMPLETIONS, null).getLeft().message()).contains("JSON object");
    }

    @Test
    void a_refusal_never_echoes_the_content() {
        JsonNode body = json("{\"model\": \"gpt-4o\", \"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": 1}]},"
                + " {\"role\": \"user\", \"content\": " + Bodies.quoted(SECRET_CONTENT) + "}], \"n\": 0}");
        JsonNode badPart = json("{\"model\": \"gpt-4o\", \"messages\": [{\"role\": \"user\", \"content\": "
                + Bodies.quoted(SECRET_CONTENT) + "}, {\"role\": \"user\", \"content\": {\"text\": "
                + Bodies.quoted(SECRET_CONTENT) + "}}]}");

        for (JsonNode refused : new JsonNode[] {body, badPart}) {
            EstimateProblem problem = estimator.estimate(CHAT_COMPLETIONS, refused).getLeft();
            assertThat(problem.message()).doesNotContain("confidential").hasSizeLessThan(200);
        }
    }

    @Test
    void null_fields_are_not_set_as_for_OpenAI() {
        JsonNode body = json("{" + CHAT + ", \"max_tokens\": null, \"n\": null, \"stream\": null, \"stream_options\": null}");

        CallEstimate estimate = estimator.estimate(CHAT_COMPLETIONS, body).get();

        assertThat(estimate.maxOutputTokens()).isEqualTo(Option.none());
        assertThat(estimate.outputMultiplier()).isEqualTo(1);
        assertThat(estimate.stream()).isFalse();
    }
}
