package fr.presenca.connexion.adapter.in.gateway.estimate;

import io.vavr.control.Option;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static fr.presenca.connexion.adapter.in.gateway.estimate.Bodies.CL100K;
import static fr.presenca.connexion.adapter.in.gateway.estimate.Bodies.O200K;
import static fr.presenca.connexion.adapter.in.gateway.estimate.Bodies.json;
import static fr.presenca.connexion.adapter.in.gateway.estimate.Bodies.quoted;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Responses estimates")
class ResponsesEstimateTest {

    private final CallEstimator estimator = new CallEstimator();

    private CallEstimate estimate(String body) {
        return estimator.estimate(GatewayEndpoint.RESPONSES, json(body))
                .getOrElseThrow(problem -> new AssertionError("refused: " + problem));
    }

    private static int o200k(String text) {
        return O200K.countTokensOrdinary(text);
    }

    @Test
    void a_string_input_is_one_user_message() {
        String text = "Résume ce document en cinq lignes, s'il te plaît.";

        CallEstimate estimate = estimate("{\"model\": \"gpt-5\", \"input\": " + quoted(text) + "}");

        assertThat(estimate.inputTokens()).isEqualTo(3 + o200k("user") + o200k(text) + 3);
        assertThat(estimate.maxOutputTokens()).isEqualTo(Option.none());
        assertThat(estimate.outputMultiplier()).isEqualTo(1);
        assertThat(estimate.clientAskedUsage()).isFalse();
    }

    @Test
    void instructions_and_message_items_are_counted_like_chat_messages() {
        String instructions = "You are a careful assistant for a law firm.";
        String question = "Is this clause enforceable?";
        String earlier = "It depends on the jurisdiction.";

        CallEstimate estimate = estimate("{\"model\": \"gpt-4.1\", \"instructions\": " + quoted(instructions) + ", \"input\": ["
                + "{\"role\": \"user\", \"content\": " + quoted(question) + "},"
                + "{\"type\": \"message\", \"role\": \"assistant\", \"content\": [{\"type\": \"output_text\", \"text\": "
                + quoted(earlier) + ", \"annotations\": []}]},"
                + "{\"role\": \"user\", \"content\": [{\"type\": \"input_text\", \"text\": " + quoted(question) + "}]}]}");

        int expected = 3 + o200k(instructions)
                + 3 + o200k("user") + o200k(question)
                + 3 + o200k("assistant") + o200k(earlier)
                + 3 + o200k("user") + o200k(question)
                + 3;
        assertThat(estimate.inputTokens()).isEqualTo(expected);
    }

    @Test
    void function_calls_and_their_outputs_are_counted() {
        String arguments = "{\"city\":\"Lyon\"}";
        String output = "{\"temperature\":12,\"sky\":\"overcast\"}";

        CallEstimate estimate = estimate("{\"model\": \"o4-mini\", \"input\": ["
                + "{\"role\": \"user\", \"content\": \"Weather in Lyon?\"},"
                + "{\"type\": \"function_call\", \"call_id\": \"call_9\", \"name\": \"weather\", \"arguments\": " + quoted(arguments) + "},"
                + "{\"type\": \"function_call_output\", \"call_id\": \"call_9\", \"output\": " + quoted(output) + "}],"
                + " \"tools\": [{\"type\": \"function\", \"name\": \"weather\", \"parameters\": {\"type\": \"object\"}}]}");

        int floor = 3 + o200k("user") + o200k("Weather in Lyon?")
                + 3 + o200k("call_9") + o200k("weather") + o200k(arguments)
                + 3 + o200k("call_9") + o200k(output) + 3;
        assertThat(estimate.inputTokens()).isGreaterThanOrEqualTo(floor + 10 + 12);
    }

    @Test
    void each_input_image_adds_the_per_image_bound() {
        String image = "{\"type\": \"input_image\", \"image_url\": \"data:image/jpeg;base64," + "/9j/4AAQ".repeat(1_000) + "\"}";
        int textOnly = estimate("{\"model\": \"gpt-5-mini\", \"input\": [{\"role\": \"user\", \"content\": ["
                + "{\"type\": \"input_text\", \"text\": \"Compare\"}]}]}").inputTokens();

        int withImages = estimate("{\"model\": \"gpt-5-mini\", \"input\": [{\"role\": \"user\", \"content\": ["
                + "{\"type\": \"input_text\", \"text\": \"Compare\"}, " + image + ", " + image + ", " + image + "]}]}").inputTokens();

        assertThat(withImages).isEqualTo(textOnly + 3 * 48_169);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "\"previous_response_id\": \"resp_123\", \"input\": \"And then?\"",
        "\"previous_response_id\": \"resp_123\"",
        "\"conversation\": \"conv_123\"",
        "\"conversation\": {\"id\": \"conv_123\"}, \"input\": \"Next\"",
        "\"prompt\": {\"id\": \"pmpt_123\", \"variables\": {\"city\": \"Lyon\"}}",
        "\"input\": [{\"role\": \"user\", \"content\": [{\"type\": \"input_file\", \"file_id\": \"file-abc\"}]}]",
        "\"input\": [{\"role\": \"user\", \"content\": [{\"type\": \"input_file\", \"file_data\": \"JVBERi0=\", \"filename\": \"a.pdf\"}]}]",
        "\"input\": [{\"type\": \"reasoning\", \"id\": \"rs_1\", \"summary\": [], \"encrypted_content\": \"gAAAA\"}]",
        "\"input\": [{\"type\": \"item_reference\", \"id\": \"msg_1\"}]",
        "\"input\": \"Find it\", \"tools\": [{\"type\": \"file_search\", \"vector_store_ids\": [\"vs_1\"]}]",
        "\"input\": \"News?\", \"tools\": [{\"type\": \"web_search\"}]",
        "\"input\": \"News?\", \"tools\": [{\"type\": \"function\", \"name\": \"f\"}, {\"type\": \"mcp\", \"server_label\": \"x\"}]"})
    void server_side_content_is_bounded_by_the_context_window(String fields) {
        assertThat(estimate("{\"model\": \"gpt-5\", " + fields + "}").inputTokens()).isEqualTo(400_000);
        assertThat(estimate("{\"model\": \"gpt-4.1-mini\", " + fields + "}").inputTokens()).isEqualTo(1_047_576);
        assertThat(estimate("{\"model\": \"gpt-5.4\", " + fields + "}").inputTokens()).isEqualTo(1_050_000);
        assertThat(estimate("{\"model\": \"o3\", " + fields + "}").inputTokens()).isEqualTo(200_000);
        assertThat(estimate("{\"model\": \"mystery-model\", " + fields + "}").inputTokens()).isEqualTo(1_050_000);
    }

    @Test
    void a_text_format_schema_is_counted_as_its_json_plus_overhead() {
        String format = "{\"type\":\"json_schema\",\"name\":\"invoice\",\"schema\":{\"type\":\"object\","
                + "\"properties\":{\"total\":{\"type\":\"number\"}}},\"strict\":true}";
        int without = estimate("{\"model\": \"gpt-4o\", \"input\": \"Extract\"}").inputTokens();

        int with = estimate("{\"model\": \"gpt-4o\", \"input\": \"Extract\", \"text\": {\"format\": " + format + "}}").inputTokens();

        assertThat(with).isEqualTo(without + o200k(json(format).toString()) + 12);
    }

    @ParameterizedTest(name = "max_output_tokens {0}, stream {1}")
    @CsvSource({"1000, true", "25000, false"})
    void max_output_tokens_and_stream_are_read(int cap, boolean stream) {
        CallEstimate estimate = estimate("{\"model\": \"gpt-5\", \"input\": \"Hi\", \"max_output_tokens\": " + cap
                + ", \"stream\": " + stream + "}");

        assertThat(estimate.maxOutputTokens()).isEqualTo(Option.some(cap));
        assertThat(estimate.stream()).isEqualTo(stream);
    }

    @Test
    void an_unknown_model_takes_the_larger_encoding() {
        String text = "お誕生日おめでとう".repeat(30);
        JsonNode body = json("{\"model\": \"next-gen\", \"input\": " + quoted(text) + "}");

        int expected = 3 + 3 + Math.max(O200K.countTokensOrdinary("user") + o200k(text),
                CL100K.countTokensOrdinary("user") + CL100K.countTokensOrdinary(text));
        assertThat(estimator.estimate(GatewayEndpoint.RESPONSES, body).get().inputTokens()).isEqualTo(expected);
    }
}
