package fr.presenca.connexion.adapter.in.gateway.estimate;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Model names map to a tokenizer and a context window")
class ModelFamilyTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "gpt-4o, GPT_4O", "gpt-4o-mini-2024-07-18, GPT_4O", "chatgpt-4o-latest, GPT_4O", "gpt-4o-audio-preview, GPT_4O",
        "gpt-4.1, GPT_4_1", "gpt-4.1-nano-2025-04-14, GPT_4_1", "gpt-4.5-preview, GPT_4_5",
        "gpt-5, GPT_5", "gpt-5-mini, GPT_5", "gpt-5-nano-2025-08-07, GPT_5", "gpt-5.1, GPT_5", "gpt-5.2-pro, GPT_5",
        "gpt-5-chat-latest, GPT_5", "gpt-5.4, GPT_5_LONG_CONTEXT", "gpt-5.5-pro, GPT_5_LONG_CONTEXT",
        "gpt-5.12, GPT_5_LONG_CONTEXT",
        "o1, O_SERIES", "o1-mini, O_SERIES", "o3-pro, O_SERIES", "o4-mini-2025-04-16, O_SERIES",
        "gpt-4, GPT_4", "gpt-4-turbo, GPT_4", "gpt-4-32k-0613, GPT_4", "gpt-3.5-turbo-0125, GPT_3_5",
        "text-embedding-3-small, EMBEDDING", "text-embedding-ada-002, EMBEDDING",
        "ft:gpt-4o-mini:org::id, GPT_4O", "ft:gpt-3.5-turbo-0125:acme:bot:x1, GPT_3_5", "ft:, UNKNOWN",
        "davinci-002, UNKNOWN", "gpt-oss-120b, UNKNOWN", "omni-moderation-latest, UNKNOWN", "gpt-6, UNKNOWN"})
    void a_model_name_maps_to_its_family(String model, ModelFamily family) {
        assertThat(ModelFamily.of(model)).isEqualTo(family);
    }
}
