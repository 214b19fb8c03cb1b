package fr.presenca.connexion.adapter.in.gateway.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.vavr.control.Option;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

@DisplayName("The gateway's call estimate")
class CallEstimatorTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    private static final Encoding CL100K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    private final CallEstimator estimator = new CallEstimator();

    /** The messages of OpenAI's cookbook "How to count tokens with tiktoken", with the API's own counts. */
    private static final String COOKBOOK = """
            {"model":"%s","messages":[
             {"role":"system","content":"You are a helpful, pattern-following assistant that translates corporate jargon into plain English."},
             {"role":"system","name":"example_user","content":"New synergies will help drive top-line growth."},
             {"role":"system","name":"example_assistant","content":"Things working well together will increase revenue."},
             {"role":"system","name":"example_user","content":"Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage."},
             {"role":"system","name":"example_assistant","content":"Let's talk later when we're less busy about how to do better."},
             {"role":"user","content":"This late pivot means we don't have time to boil the ocean for the client deliverable."}]}""";

    private static JsonNode body(String json) {
        return JSON.readTree(json);
    }

    private CallEstimate estimate(GatewayEndpoint endpoint, String json) {
        return estimator.estimate(endpoint, body(json)).get();
    }

    private EstimateProblem problem(GatewayEndpoint endpoint, String json) {
        return estimator.estimate(endpoint, body(json)).getLeft();
    }

    @Nested
    @DisplayName("counts text with the model's tokenizer")
    class Counting {

        @ParameterizedTest(name = "{0}: the API counted {1}")
        @CsvSource({"gpt-4o,124", "gpt-4o-mini,124", "gpt-4-0613,129", "gpt-3.5-turbo-0613,129"})
        @DisplayName("bounds the cookbook's messages from above, within its margin")
        void cookbook(String model, int apiCount) {
            int bound = estimate(GatewayEndpoint.CHAT_COMPLETIONS, COOKBOOK.formatted(model)).inputTokens();
            assertThat(bound).isGreaterThanOrEqualTo(apiCount).isLessThanOrEqualTo((int) Math.ceil(apiCount * 1.05) + 16);
        }

        @Test
        @DisplayName("counts embeddings inputs exactly: strings, token arrays and arrays of them")
        void embeddings() {
            String french = "Maison de ville à Lyon, 4 pièces, jardin arboré — proche métro.";
            String japanese = "東京の中心にある静かなアパート";
            CallEstimate estimate = estimate(GatewayEndpoint.EMBEDDINGS, "{\"model\":\"text-embedding-3-small\",\"input\":[\""
                    + french + "\",\"" + japanese + "\"]}");
            assertThat(estimate.inputTokens()).isEqualTo(CL100K.countTokens(french) + CL100K.countTokens(japanese));
            assertThat(estimate.maxOutputTokens()).contains(0);
            assertThat(estimate(GatewayEndpoint.EMBEDDINGS, "{\"model\":\"text-embedding-3-small\",\"input\":[1,2,3]}")
                    .inputTokens()).isEqualTo(3);
            assertThat(estimate(GatewayEndpoint.EMBEDDINGS, "{\"model\":\"text-embedding-3-small\",\"input\":[[1,2],[3,4,5]]}")
                    .inputTokens()).isEqualTo(5);
        }

        @Test
        @DisplayName("counts an unknown model with both tokenizers and keeps the larger count")
        void unknownModel() {
            String text = "ありがとうございます。Une phrase en français, with some English too.";
            int larger = Math.max(O200K.countTokens(text), CL100K.countTokens(text));
            int estimate = estimate(GatewayEndpoint.EMBEDDINGS, "{\"model\":\"mystery-embed\",\"input\":\"" + text + "\"}")
                    .inputTokens();
            assertThat(estimate).isEqualTo(larger);
        }

        @Test
        @DisplayName("knows a fine-tuned model by its base")
        void fineTuned() {
            assertThat(ModelFamily.of("ft:gpt-4o-mini-2024-07-18:presenca::abc123")).isEqualTo(ModelFamily.GPT_4O_MINI);
            assertThat(ModelFamily.of("gpt-4.1-nano")).isEqualTo(ModelFamily.GPT_4_1);
            assertThat(ModelFamily.of("gpt-4-turbo")).isEqualTo(ModelFamily.GPT_4_TURBO);
            assertThat(ModelFamily.of("o4-mini")).isEqualTo(ModelFamily.REASONING);
            assertThat(ModelFamily.of("llama-3")).isEqualTo(ModelFamily.UNKNOWN);
        }

        @Test
        @DisplayName("is never below the content's tokens plus OpenAI's framing, for random conversations")
        void randomConversations() {
            Random random = new Random(20261202);
            String alphabet = "abcdefghij klmnopqrst uvwxyz éàçù 0123456789 ,.;!? 東京 ありがとう";
            for (int round = 0; round < 200; round++) {
                ObjectNode request = JSON.createObjectNode().put("model", random.nextBoolean() ? "gpt-4o" : "gpt-4");
                ArrayNode messages = request.putArray("messages");
                int floor = 3;
                Encoding encoding = request.get("model").asString().equals("gpt-4o") ? O200K : CL100K;
                for (int m = 0; m < 1 + random.nextInt(8); m++) {
                    StringBuilder text = new StringBuilder();
                    for (int c = 0; c < random.nextInt(300); c++) {
                        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                    messages.addObject().put("role", "user").put("content", text.toString());
                    floor += 3 + encoding.countTokens("user") + encoding.countTokens(text.toString());
                }
                assertThat(estimator.estimate(GatewayEndpoint.CHAT_COMPLETIONS, request).get().inputTokens())
                        .isGreaterThanOrEqualTo(floor);
            }
        }
    }

    @Nested
    @DisplayName("bounds what it cannot count")
    class Bounds {

        @Test
        @DisplayName("an image at its family's dearest, a file or an earlier response at the whole context window")
        void images() {
            String image = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Décris\"},"
                    + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.test/maison.jpg\",\"detail\":\"low\"}}]}]}";
            assertThat(estimate(GatewayEndpoint.CHAT_COMPLETIONS, image.formatted("gpt-4o")).inputTokens()).isGreaterThan(3_779);
            assertThat(estimate(GatewayEndpoint.CHAT_COMPLETIONS, image.formatted("gpt-4o-mini")).inputTokens()).isGreaterThan(48_169);
            String file = "{\"model\":\"gpt-4.1\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"file\",\"file\":{\"file_id\":\"file-1\"}}]}]}";
            assertThat(estimate(GatewayEndpoint.CHAT_COMPLETIONS, file).inputTokens()).isEqualTo(1_047_576);
            assertThat(estimate(GatewayEndpoint.RESPONSES, "{\"model\":\"gpt-5\",\"previous_response_id\":\"resp_1\",\"input\":\"Et ensuite ?\"}")
                    .inputTokens()).isEqualTo(400_000);
            assertThat(estimate(GatewayEndpoint.RESPONSES, "{\"model\":\"gpt-5\",\"input\":\"Cherche\",\"tools\":[{\"type\":\"web_search\"}]}")
                    .inputTokens()).isEqualTo(400_000);
        }

        @Test
        @DisplayName("tool definitions count as their JSON text")
        void tools() {
            String plain = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Météo ?\"}]}";
            String tool = "{\"type\":\"function\",\"function\":{\"name\":\"meteo\",\"description\":\"La météo d'une ville\","
                    + "\"parameters\":{\"type\":\"object\",\"properties\":{\"ville\":{\"type\":\"string\"}}}}}";
            String withTools = plain.substring(0, plain.length() - 1) + ",\"tools\":[" + tool + "]}";
            int difference = estimate(GatewayEndpoint.CHAT_COMPLETIONS, withTools).inputTokens()
                    - estimate(GatewayEndpoint.CHAT_COMPLETIONS, plain).inputTokens();
            assertThat(difference).isGreaterThanOrEqualTo(O200K.countTokens("[" + tool + "]"));
        }
    }

    @Nested
    @DisplayName("reads the output cap and the stream flags")
    class Output {

        @Test
        @DisplayName("max_completion_tokens wins over max_tokens, times n; Responses reads max_output_tokens")
        void caps() {
            CallEstimate both = estimate(GatewayEndpoint.CHAT_COMPLETIONS, "{\"model\":\"gpt-4o\",\"n\":3,"
                    + "\"max_completion_tokens\":100,\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
            assertThat(both.maxOutputTokens()).contains(300);
            assertThat(both.outputMultiplier()).isEqualTo(3);
            assertThat(estimate(GatewayEndpoint.CHAT_COMPLETIONS, "{\"model\":\"gpt-4o\",\"max_tokens\":50,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").maxOutputTokens()).contains(50);
            assertThat(estimate(GatewayEndpoint.CHAT_COMPLETIONS, "{\"model\":\"gpt-4o\","
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").maxOutputTokens()).isEqualTo(Option.none());
            assertThat(estimate(GatewayEndpoint.RESPONSES, "{\"model\":\"gpt-5\",\"input\":\"x\",\"max_output_tokens\":64}")
                    .maxOutputTokens()).contains(64);
        }

        @Test
        @DisplayName("stream and stream_options.include_usage")
        void streams() {
            CallEstimate stream = estimate(GatewayEndpoint.CHAT_COMPLETIONS, "{\"model\":\"gpt-4o\",\"stream\":true,"
                    + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
            assertThat(stream.stream()).isTrue();
            assertThat(stream.clientAskedUsage()).isTrue();
            assertThat(estimate(GatewayEndpoint.CHAT_COMPLETIONS, "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\","
                    + "\"content\":\"x\"}]}").stream()).isFalse();
        }
    }

    @Nested
    @DisplayName("refuses bodies it cannot bound, naming OpenAI's param")
    class Problems {

        @Test
        @DisplayName("no model, no messages, no input, bad caps, bad n, bad stream")
        void problems() {
            assertThat(problem(GatewayEndpoint.CHAT_COMPLETIONS, "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").param())
                    .contains("model");
            assertThat(problem(GatewayEndpoint.CHAT_COMPLETIONS, "{\"model\":\"  \",\"messages\":[]}").param()).contains("model");
            assertThat(problem(GatewayEndpoint.CHAT_COMPLETIONS, "{\"model\":\"gpt-4o\",\"messages\":[]}").param())
                    .contains("messages");
            assertThat(problem(GatewayEndpoint.CHAT_COMPLETIONS, "{\"model\":\"gpt-4o\",\"max_tokens\":0,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").param()).contains("max_tokens");
            assertThat(problem(GatewayEndpoint.CHAT_COMPLETIONS, "{\"model\":\"gpt-4o\",\"max_completion_tokens\":\"10\","
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").param()).contains("max_completion_tokens");
            assertThat(problem(GatewayEndpoint.CHAT_COMPLETIONS, "{\"model\":\"gpt-4o\",\"n\":500,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").param()).contains("n");
            assertThat(problem(GatewayEndpoint.CHAT_COMPLETIONS, "{\"model\":\"gpt-4o\",\"stream\":\"yes\","
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").param()).contains("stream");
            assertThat(problem(GatewayEndpoint.RESPONSES, "{\"model\":\"gpt-5\"}").param()).contains("input");
            assertThat(problem(GatewayEndpoint.EMBEDDINGS, "{\"model\":\"text-embedding-3-small\",\"input\":[]}").param())
                    .contains("input");
            assertThat(problem(GatewayEndpoint.EMBEDDINGS, "{\"model\":\"text-embedding-3-small\",\"input\":[{}]}").message())
                    .contains("array of strings");
        }
    }
}
