package fr.presenca.connexion.adapter.in.gateway.estimate;

import java.util.List;
import java.util.Locale;

import com.knuddels.jtokkit.api.EncodingType;

/**
 * What the estimate needs to know of a model: its tokenizer, its context window (input can never exceed it) and
 * the most one input image can cost. Matched on the name's prefix (a fine-tuned {@code ft:<base>:…} by its base);
 * an unknown model gets the most conservative values: counted with both tokenizers, the largest window, the
 * dearest image.
 *
 * <p>Context windows are OpenAI's published ones (model pages, 2026): gpt-4.1 1,047,576; gpt-5 400,000; gpt-4o and
 * gpt-4-turbo 128,000; o1 / o3 / o4-mini 200,000; gpt-3.5-turbo 16,385; gpt-4 8,192; embeddings 8,192 input tokens.
 *
 * <p>Image bounds follow OpenAI's vision cost rules at their maximum (detail high; "low" and "auto" cost no more):
 * tile models (gpt-4o, gpt-4.1, gpt-4.5, gpt-5, o1, o3) scale an image to fit 2048 × 2048 then its short side to
 * 768, at most 2 × 4 = 8 tiles of 512: gpt-4o 85 + 8 × 170 = 1,445, o1/o3 75 + 8 × 150 = 1,275; patch models
 * (gpt-4.1-mini, gpt-4.1-nano, o4-mini, gpt-5-mini, gpt-5-nano) count at most 1,536 patches of 32 × 32 times a
 * multiplier of at most 2.46 (nano): 3,779; gpt-4o-mini bills 2,833 + 8 × 5,667 = 48,169. So 3,779 bounds every
 * family but gpt-4o-mini, and 48,169 every family.
 */
enum ModelFamily {
    GPT_4O_MINI(List.of("gpt-4o-mini"), EncodingType.O200K_BASE, 128_000, 48_169),
    GPT_4_1(List.of("gpt-4.1"), EncodingType.O200K_BASE, 1_047_576, 3_779),
    GPT_5(List.of("gpt-5"), EncodingType.O200K_BASE, 400_000, 3_779),
    GPT_4O(List.of("gpt-4o", "chatgpt-4o", "gpt-4.5"), EncodingType.O200K_BASE, 128_000, 3_779),
    REASONING(List.of("o1", "o3", "o4"), EncodingType.O200K_BASE, 200_000, 3_779),
    GPT_4_TURBO(List.of("gpt-4-turbo", "gpt-4-1106", "gpt-4-0125"), EncodingType.CL100K_BASE, 128_000, 3_779),
    GPT_4(List.of("gpt-4"), EncodingType.CL100K_BASE, 8_192, 3_779),
    GPT_3_5(List.of("gpt-3.5"), EncodingType.CL100K_BASE, 16_385, 3_779),
    EMBEDDING(List.of("text-embedding-"), EncodingType.CL100K_BASE, 8_192, 0),
    UNKNOWN(List.of(), null, 1_047_576, 48_169);

    private final List<String> prefixes;
    private final EncodingType encoding;
    private final int contextWindow;
    private final int imageBound;

    ModelFamily(List<String> prefixes, EncodingType encoding, int contextWindow, int imageBound) {
        this.prefixes = prefixes;
        this.encoding = encoding;
        this.contextWindow = contextWindow;
        this.imageBound = imageBound;
    }

    /** Declaration order matters: gpt-4o-mini before gpt-4o, gpt-4-turbo before gpt-4. */
    static ModelFamily of(String model) {
        String name = model.toLowerCase(Locale.ROOT);
        if (name.startsWith("ft:")) {
            int end = name.indexOf(':', 3);
            name = end < 0 ? name.substring(3) : name.substring(3, end);
        }
        for (ModelFamily family : values()) {
            for (String prefix : family.prefixes) {
                if (name.startsWith(prefix)) {
                    return family;
                }
            }
        }
        return UNKNOWN;
    }

    /** The tokenizer; null when unknown (count with every one and keep the largest). */
    EncodingType encoding() {
        return encoding;
    }

    int contextWindow() {
        return contextWindow;
    }

    int imageBound() {
        return imageBound;
    }

    boolean known() {
        return this != UNKNOWN;
    }
}
