package fr.presenca.connexion.adapter.in.gateway.estimate;

import io.vavr.control.Option;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static fr.presenca.connexion.adapter.in.gateway.estimate.Bodies.CL100K;
import static fr.presenca.connexion.adapter.in.gateway.estimate.Bodies.O200K;
import static fr.presenca.connexion.adapter.in.gateway.estimate.Bodies.json;
import static fr.presenca.connexion.adapter.in.gateway.estimate.Bodies.quoted;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Embeddings estimates are exact token counts")
class EmbeddingsEstimateTest {

    private final CallEstimator estimator = new CallEstimator();

    private CallEstimate estimate(String model, String input) {
        return estimator.estimate(GatewayEndpoint.EMBEDDINGS, json("{\"model\": \"" + model + "\", \"input\": " + input + "}"))
                .getOrElseThrow(problem -> new AssertionError("refused: " + problem));
    }

    @Test
    void a_string_is_its_cl100k_tokens_with_no_output() {
        String text = "Le contrat est résilié de plein droit. 契約は解除されます。";

        CallEstimate estimate = estimate("text-embedding-3-small", quoted(text));

        assertThat(estimate.inputTokens()).isEqualTo(CL100K.countTokensOrdinary(text));
        assertThat(estimate.maxOutputTokens()).isEqualTo(Option.some(0));
        assertThat(estimate.outputMultiplier()).isEqualTo(1);
        assertThat(estimate.stream()).isFalse();
    }

    @Test
    void an_array_of_strings_is_the_sum_of_their_tokens() {
        String[] texts = {"first passage about invoices", "deuxième passage, en français", "第三段落"};
        int expected = 0;
        for (String text : texts) {
            expected += CL100K.countTokensOrdinary(text);
        }

        CallEstimate estimate = estimate("text-embedding-3-large",
                "[" + quoted(texts[0]) + ", " + quoted(texts[1]) + ", " + quoted(texts[2]) + "]");

        assertThat(estimate.inputTokens()).isEqualTo(expected);
    }

    @Test
    void token_arrays_count_their_length() {
        assertThat(estimate("text-embedding-ada-002", "[1, 2, 3, 4, 5]").inputTokens()).isEqualTo(5);
        assertThat(estimate("text-embedding-ada-002", "[[1, 2, 3], [4, 5], [6]]").inputTokens()).isEqualTo(6);
    }

    @Test
    void an_unknown_embedding_model_takes_the_larger_encoding() {
        String text = "お誕生日おめでとう。".repeat(20) + " some English words too";

        int expected = Math.max(CL100K.countTokensOrdinary(text), O200K.countTokensOrdinary(text));
        assertThat(estimate("text-embedding-4-preview", quoted(text)).inputTokens()).isEqualTo(expected);
    }

    @Test
    void each_input_is_capped_at_the_model_window_but_not_the_request() {
        String longText = "lorem ipsum dolor sit amet ".repeat(3_000);
        assertThat(CL100K.countTokensOrdinary(longText)).isGreaterThan(8_192);

        CallEstimate estimate = estimate("text-embedding-3-small", "[" + quoted(longText) + ", " + quoted(longText) + "]");

        assertThat(estimate.inputTokens()).isEqualTo(2 * 8_192);
    }

    @Test
    void an_embedding_body_names_its_model() {
        JsonNode body = json("{\"model\": \"ft:text-embedding-3-small:acme::x\", \"input\": \"Hi\"}");

        assertThat(estimator.estimate(GatewayEndpoint.EMBEDDINGS, body).get().model())
                .isEqualTo("ft:text-embedding-3-small:acme::x");
    }
}
