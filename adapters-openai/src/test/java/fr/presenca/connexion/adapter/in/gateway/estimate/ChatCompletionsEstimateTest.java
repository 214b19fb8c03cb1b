package fr.presenca.connexion.adapter.in.gateway.estimate;

import io.vavr.control.Option;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static fr.presenca.connexion.adapter.in.gateway.estimate.Bodies.CL100K;
import static fr.presenca.connexion.adapter.in.gateway.estimate.Bodies.O200K;
import static fr.presenca.connexion.adapter.in.gateway.estimate.Bodies.chat;
import static fr.presenca.connexion.adapter.in.gateway.estimate.Bodies.json;
import static fr.presenca.connexion.adapter.in.gateway.estimate.Bodies.quoted;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Chat completions estimates")
class ChatCompletionsEstimateTest {

    private final CallEstimator estimator = new CallEstimator();

    private CallEstimate estimate(JsonNode body) {
        return estimator.estimate(GatewayEndpoint.CHAT_COMPLETIONS, body)
                .getOrElseThrow(problem -> new AssertionError("refused: " + problem));
    }

    /** The cookbook's example conversation ("How to count tokens with tiktoken", section 6). */
    private static final String COOKBOOK_MESSAGES = """
            [
              {"role": "system", "content": "You are a helpful, pattern-following assistant that translates corporate jargon into plain English."},
              {"role": "system", "name": "example_user", "content": "New synergies will help drive top-line growth."},
              {"role": "system", "name": "example_assistant", "content": "Things working well together will increase revenue."},
              {"role": "system", "name": "example_user", "content": "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage."},
              {"role": "system", "name": "example_assistant", "content": "Let's talk later when we're less busy about how to do better."},
              {"role": "user", "content": "This late pivot means we don't have time to boil the ocean for the client deliverable."}
            ]""";

    /** The cookbook's tools example (section 7). */
    private static final String COOKBOOK_TOOLS = """
            [{"type": "function", "function": {"name": "get_current_weather",
              "description": "Get the current weather in a given location",
              "parameters": {"type": "object", "properties": {
                "location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"},
                "unit": {"type": "string", "description": "The unit of temperature to return", "enum": ["celsius", "fahrenheit"]}},
                "required": ["location"]}}}]""";

    private static final String COOKBOOK_TOOL_MESSAGES = """
            [{"role": "system", "content": "You are a helpful assistant that can answer to questions about the weather."},
             {"role": "user", "content": "What's the weather like in San Francisco?"}]""";

    @Nested
    @DisplayName("OpenAI's published counts")
    class PublishedCounts {

        @ParameterizedTest(name = "{0}: the API counted {1} prompt tokens")
        @CsvSource({"gpt-4o, 124", "gpt-4o-mini, 124", "gpt-4, 129", "gpt-4-0613, 129", "gpt-3.5-turbo, 129"})
        void the_cookbook_conversation_is_counted_at_least_and_close_to_what_the_API_billed(String model, int apiCount) {
            CallEstimate estimate = estimate(json("{\"model\": \"" + model + "\", \"messages\": " + COOKBOOK_MESSAGES + "}"));

            assertThat(estimate.inputTokens()).isBetween(apiCount, apiCount + 10);
        }

        @ParameterizedTest(name = "{0}: the API counted {1} prompt tokens with the tool")
        @CsvSource({"gpt-4o, 101", "gpt-4o-mini, 101", "gpt-4, 105", "gpt-3.5-turbo, 105"})
        void the_cookbook_tool_call_is_counted_at_least_what_the_API_billed(String model, int apiCount) {
            CallEstimate estimate = estimate(json("{\"model\": \"" + model + "\", \"messages\": " + COOKBOOK_TOOL_MESSAGES
                    + ", \"tools\": " + COOKBOOK_TOOLS + "}"));

            assertThat(estimate.inputTokens()).isGreaterThanOrEqualTo(apiCount);
        }
    }

    @Nested
    @DisplayName("text in several languages")
    class Languages {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "Bonjour, pourriez-vous résumer ce contrat en trois points ?",
            "お誕生日おめでとう。明日の会議は午後三時からです。",
            "Пожалуйста, переведите этот абзац на английский язык.",
            "مرحبا، كيف يمكنني مساعدتك اليوم؟",
            "मुझे कल की बैठक के बारे में बताइए।",
            "Grüße aus Köln 🎉🚀 — naïve café, déjà vu",
            "<|endoftext|> is plain text here <|im_start|>"})
        void a_user_message_is_its_tokens_plus_the_documented_framing(String text) {
            int o200k = 3 + O200K.countTokensOrdinary("user") + O200K.countTokensOrdinary(text) + 3;
            int cl100k = 3 + CL100K.countTokensOrdinary("user") + CL100K.countTokensOrdinary(text) + 3;

            assertThat(estimate(chat("gpt-4.1-mini", text)).inputTokens()).isEqualTo(o200k);
            assertThat(estimate(chat("gpt-3.5-turbo", text)).inputTokens()).isEqualTo(cl100k);
            assertThat(estimate(chat("some-new-model", text)).inputTokens()).isEqualTo(Math.max(o200k, cl100k));
        }
    }

    @Nested
    @DisplayName("model families")
    class Families {

        @Test
        void an_unknown_model_takes_the_larger_of_both_encodings() {
            String japanese = "お誕生日おめでとう".repeat(50);
            String code = "for (int i = 0; i < n; i++) { sum += a[i] * b[i]; }\n".repeat(50);
            assertThat(CL100K.countTokensOrdinary(japanese)).isGreaterThan(O200K.countTokensOrdinary(japanese));

            for (String text : new String[] {japanese, code}) {
                int o200k = estimate(chat("gpt-4o", text)).inputTokens();
                int cl100k = estimate(chat("gpt-4", text)).inputTokens();
                assertThat(estimate(chat("mystery-model", text)).inputTokens()).isEqualTo(Math.max(o200k, cl100k));
            }
        }

        @ParameterizedTest(name = "{0} is counted as {1}")
        @CsvSource({
            "ft:gpt-4o-mini-2024-07-18:acme::AbC123, gpt-4o-mini",
            "ft:gpt-4o-mini:org::id, gpt-4o-mini",
            "ft:gpt-3.5-turbo-0125:acme:support:XyZ, gpt-3.5-turbo",
            "ft:gpt-4.1-nano-2025-04-14:acme::q1, gpt-4.1-nano"})
        void a_fine_tuned_model_is_counted_as_its_base_model(String fineTuned, String base) {
            String text = "お誕生日おめでとう。Résumé du contrat, s'il vous plaît.";

            assertThat(estimate(chat(fineTuned, text)).inputTokens()).isEqualTo(estimate(chat(base, text)).inputTokens());
            assertThat(estimate(chat(fineTuned, text)).model()).isEqualTo(fineTuned);
        }

        @Test
        void a_count_never_exceeds_the_model_context_window() {
            String long_ = "lorem ipsum dolor sit amet ".repeat(5_000);

            assertThat(estimate(chat("gpt-3.5-turbo", long_)).inputTokens()).isEqualTo(16_385);
            assertThat(estimate(chat("gpt-4o", long_)).inputTokens()).isLessThan(128_000).isGreaterThan(16_385);
        }

        @Test
        void an_unknown_model_is_not_capped() {
            String long_ = "lorem ipsum dolor sit amet ".repeat(50_000);

            assertThat(estimate(chat("mystery-model", long_)).inputTokens()).isGreaterThan(200_000);
        }
    }

    @Nested
    @DisplayName("content parts and message fields")
    class Parts {

        @Test
        void text_and_refusal_parts_are_counted() {
            JsonNode asString = chat("gpt-4o", "Describe the weather in Lyon.");
            JsonNode asParts = json("""
                    {"model": "gpt-4o", "messages": [{"role": "user", "content": [
                      {"type": "text", "text": "Describe the weather"}, {"type": "text", "text": " in Lyon."}]},
                      {"role": "assistant", "content": [{"type": "refusal", "refusal": "I cannot look outside."}]}]}""");

            int refusal = 3 + O200K.countTokensOrdinary("assistant") + O200K.countTokensOrdinary("I cannot look outside.");
            assertThat(estimate(asParts).inputTokens())
                    .isGreaterThanOrEqualTo(estimate(asString).inputTokens() + refusal);
        }

        @Test
        void each_image_adds_the_per_image_bound() {
            String text = "What is in these pictures?";
            int textOnly = estimate(chat("gpt-4.1", text)).inputTokens();
            String image = "{\"type\": \"image_url\", \"image_url\": {\"url\": \"data:image/png;base64,"
                    + "iVBORw0KGgo".repeat(2_000) + "\", \"detail\": \"high\"}}";
            JsonNode twoImages = json("{\"model\": \"gpt-4.1\", \"messages\": [{\"role\": \"user\", \"content\": ["
                    + "{\"type\": \"text\", \"text\": " + quoted(text) + "}, " + image + ", " + image + "]}]}");

            assertThat(estimate(twoImages).inputTokens()).isEqualTo(textOnly + 2 * 48_169);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "{\"type\": \"input_audio\", \"input_audio\": {\"data\": \"UklGRg==\", \"format\": \"wav\"}}",
            "{\"type\": \"file\", \"file\": {\"file_id\": \"file-abc\"}}",
            "{\"type\": \"file\", \"file\": {\"filename\": \"a.pdf\", \"file_data\": \"data:application/pdf;base64,JVBERi0=\"}}",
            "{\"type\": \"some_future_part\"}"})
        void audio_files_and_unknown_parts_are_bounded_by_the_context_window(String part) {
            JsonNode body = json("{\"model\": \"gpt-4o-mini\", \"messages\": [{\"role\": \"user\", \"content\": [" + part + "]}]}");

            assertThat(estimate(body).inputTokens()).isEqualTo(128_000);
        }

        @Test
        void an_assistant_audio_reference_is_bounded_by_the_context_window() {
            JsonNode body = json("""
                    {"model": "gpt-4o-audio-preview", "messages": [
                      {"role": "assistant", "audio": {"id": "audio_abc"}}, {"role": "user", "content": "And then?"}]}""");

            assertThat(estimate(body).inputTokens()).isEqualTo(128_000);
        }

        @Test
        void web_search_is_bounded_by_the_context_window() {
            ObjectNode body = chat("gpt-4o-search-preview", "News from Lyon today?");
            body.putObject("web_search_options");

            assertThat(estimate(body).inputTokens()).isEqualTo(128_000);
        }

        @Test
        void tool_calls_and_tool_results_are_counted() {
            String arguments = "{\"location\":\"San Francisco, CA\",\"unit\":\"celsius\"}";
            String result = "{\"temperature\": 18, \"conditions\": \"fog rolling in from the bay\"}";
            JsonNode body = json("{\"model\": \"gpt-4o\", \"messages\": ["
                    + "{\"role\": \"user\", \"content\": \"Weather?\"},"
                    + "{\"role\": \"assistant\", \"content\": null, \"tool_calls\": [{\"id\": \"call_1\", \"type\": \"function\","
                    + " \"function\": {\"name\": \"get_current_weather\", \"arguments\": " + quoted(arguments) + "}}]},"
                    + "{\"role\": \"tool\", \"tool_call_id\": \"call_1\", \"content\": " + quoted(result) + "}]}");

            int floor = 3 * 3 + 3 + O200K.countTokensOrdinary("get_current_weather") + O200K.countTokensOrdinary(arguments)
                    + O200K.countTokensOrdinary("call_1") + O200K.countTokensOrdinary(result);
            assertThat(estimate(body).inputTokens()).isGreaterThanOrEqualTo(floor);
        }

        @Test
        void a_structured_output_schema_is_counted_as_its_json_plus_overhead() {
            ObjectNode body = chat("gpt-4o", "Extract the invoice.");
            int without = estimate(body).inputTokens();
            JsonNode format = json("""
                    {"type": "json_schema", "json_schema": {"name": "invoice", "strict": true, "schema": {
                      "type": "object", "properties": {"number": {"type": "string"}, "total": {"type": "number"}},
                      "required": ["number", "total"], "additionalProperties": false}}}""");
            body.set("response_format", format);

            assertThat(estimate(body).inputTokens())
                    .isEqualTo(without + O200K.countTokensOrdinary(format.toString()) + 12);
        }

        @Test
        void legacy_functions_are_counted_like_tools() {
            ObjectNode body = chat("gpt-3.5-turbo", "Weather?");
            int without = estimate(body).inputTokens();
            JsonNode functions = json("[{\"name\": \"get_weather\", \"parameters\": {\"type\": \"object\", \"properties\": {}}}]");
            body.set("functions", functions);

            assertThat(estimate(body).inputTokens())
                    .isEqualTo(without + 10 + CL100K.countTokensOrdinary(functions.get(0).toString()) + 12);
        }
    }

    @Nested
    @DisplayName("output caps, n and streaming")
    class Output {

        @Test
        void without_a_cap_the_output_is_left_to_the_price_table() {
            CallEstimate estimate = estimate(chat("gpt-4o", "Hi"));

            assertThat(estimate.maxOutputTokens()).isEqualTo(Option.none());
            assertThat(estimate.outputMultiplier()).isEqualTo(1);
            assertThat(estimate.stream()).isFalse();
            assertThat(estimate.clientAskedUsage()).isFalse();
        }

        @Test
        void max_tokens_caps_the_output() {
            assertThat(estimate(chat("gpt-4o", "Hi").put("max_tokens", 300)).maxOutputTokens()).isEqualTo(Option.some(300));
        }

        @Test
        void max_completion_tokens_wins_over_max_tokens() {
            ObjectNode body = chat("o3", "Hi").put("max_tokens", 300).put("max_completion_tokens", 5_000);

            assertThat(estimate(body).maxOutputTokens()).isEqualTo(Option.some(5_000));
        }

        @Test
        void n_multiplies_the_cap_and_is_the_multiplier() {
            CallEstimate estimate = estimate(chat("gpt-4o", "Hi").put("max_completion_tokens", 400).put("n", 3));

            assertThat(estimate.maxOutputTokens()).isEqualTo(Option.some(1_200));
            assertThat(estimate.outputMultiplier()).isEqualTo(3);
            assertThat(estimate(chat("gpt-4o", "Hi").put("n", 5)).maxOutputTokens()).isEqualTo(Option.none());
            assertThat(estimate(chat("gpt-4o", "Hi").put("n", 5)).outputMultiplier()).isEqualTo(5);
        }

        @Test
        void a_huge_cap_times_n_saturates_instead_of_overflowing() {
            CallEstimate estimate = estimate(chat("gpt-4o", "Hi").put("max_tokens", Integer.MAX_VALUE).put("n", 128));

            assertThat(estimate.maxOutputTokens()).isEqualTo(Option.some(Integer.MAX_VALUE));
        }

        @Test
        void predicted_output_adds_its_tokens_to_the_cap() {
            String predicted = "public final class Invoice { private final String number; }";
            ObjectNode body = chat("gpt-4o", "Rename number to id.").put("max_completion_tokens", 1_000);
            body.putObject("prediction").put("type", "content").put("content", predicted);

            assertThat(estimate(body).maxOutputTokens())
                    .isEqualTo(Option.some(1_000 + O200K.countTokensOrdinary(predicted)));
        }

        @Test
        void stream_and_include_usage_are_read() {
            ObjectNode streamed = chat("gpt-4o", "Hi").put("stream", true);
            assertThat(estimate(streamed).stream()).isTrue();
            assertThat(estimate(streamed).clientAskedUsage()).isFalse();

            streamed.putObject("stream_options").put("include_usage", true);
            assertThat(estimate(streamed).clientAskedUsage()).isTrue();

            ObjectNode explicitFalse = chat("gpt-4o", "Hi").put("stream", false);
            explicitFalse.putObject("stream_options").put("include_usage", false);
            assertThat(estimate(explicitFalse).stream()).isFalse();
            assertThat(estimate(explicitFalse).clientAskedUsage()).isFalse();
        }
    }
}
