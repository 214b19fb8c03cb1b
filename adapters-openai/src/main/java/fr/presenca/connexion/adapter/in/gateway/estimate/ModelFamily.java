package fr.presenca.connexion.adapter.in.gateway.estimate;

import com.knuddels.jtokkit.api.EncodingType;

import java.util.List;
import java.util.Locale;

/**
 * A model's tokenizer and context window, from its name. jtokkit's own model table stops at gpt-4o, so the
 * families are mapped here (tiktoken's {@code MODEL_PREFIX_TO_ENCODING} has gpt-4.1, gpt-4.5, gpt-5, o1, o3 and o4
 * on o200k_base, gpt-4, gpt-3.5 and the text embeddings on cl100k_base).
 *
 * <p>Context windows (input + output), from OpenAI's model pages as of 2026; a window that is too large only weakens
 * the cap, one that is too small would undercount, so each family takes its largest member:
 * gpt-4.1* 1,047,576 (model page); gpt-5, -mini, -nano, 5.1, 5.2, 5.3-codex 400,000 (model pages; gpt-5-chat-latest
 * has 128,000); gpt-5.4 and later 1,050,000 (model page of gpt-5.4; later 5.x not confirmed, assumed no larger);
 * gpt-4o*, chatgpt-4o* 128,000; gpt-4.5-preview 128,000; o1, o3, o3-pro, o4-mini 200,000 (o1-mini and o1-preview
 * have 128,000); gpt-4-turbo and gpt-4 previews 128,000 (gpt-4 8,192 and gpt-4-32k 32,768 are smaller, covered);
 * gpt-3.5-turbo 16,385; text-embedding-3-small/-large and ada-002 8,192 per input (not confirmed for every snapshot).
 */
enum ModelFamily {
    GPT_4_1(1_047_576, EncodingType.O200K_BASE),
    GPT_4_5(128_000, EncodingType.O200K_BASE),
    GPT_4O(128_000, EncodingType.O200K_BASE),
    GPT_5(400_000, EncodingType.O200K_BASE),
    GPT_5_LONG_CONTEXT(1_050_000, EncodingType.O200K_BASE),
    O_SERIES(200_000, EncodingType.O200K_BASE),
    GPT_4(128_000, EncodingType.CL100K_BASE),
    GPT_3_5(16_385, EncodingType.CL100K_BASE),
    EMBEDDING(8_192, EncodingType.CL100K_BASE),
    /** Any other name: counted with both encodings, the larger total kept, bounded by the largest window. */
    UNKNOWN(1_050_000, EncodingType.O200K_BASE, EncodingType.CL100K_BASE);

    /** The gpt-5.x minor version from which the window is 1,050,000 (gpt-5.4). */
    private static final int FIRST_LONG_CONTEXT_GPT_5_MINOR = 4;

    private final int contextWindow;
    private final List<EncodingType> encodings;

    ModelFamily(int contextWindow, EncodingType... encodings) {
        this.contextWindow = contextWindow;
        this.encodings = List.of(encodings);
    }

    /** The most input tokens a call can be billed for: the whole window (output shares it). */
    int contextWindow() {
        return contextWindow;
    }

    List<EncodingType> encodings() {
        return encodings;
    }

    /** Whether a count may be capped at the window: not for a name we do not know. */
    boolean known() {
        return this != UNKNOWN;
    }

    static ModelFamily of(String model) {
        String name = baseModel(model).toLowerCase(Locale.ROOT);
        if (name.startsWith("gpt-4.1")) {
            return GPT_4_1;
        }
        if (name.startsWith("gpt-4.5")) {
            return GPT_4_5;
        }
        if (name.startsWith("gpt-4o") || name.startsWith("chatgpt-4o")) {
            return GPT_4O;
        }
        if (name.startsWith("gpt-5")) {
            return gpt5(name);
        }
        if (name.startsWith("o1") || name.startsWith("o3") || name.startsWith("o4")) {
            return O_SERIES;
        }
        if (name.startsWith("gpt-4")) {
            return GPT_4;
        }
        if (name.startsWith("gpt-3.5")) {
            return GPT_3_5;
        }
        if (name.startsWith("text-embedding-3-") || name.equals("text-embedding-ada-002")) {
            return EMBEDDING;
        }
        return UNKNOWN;
    }

    /** A fine-tuned model ({@code ft:gpt-4o-mini-2024-07-18:org:suffix:id}) is tokenized as its base model. */
    static String baseModel(String model) {
        if (model.startsWith("ft:")) {
            int end = model.indexOf(':', 3);
            return end < 0 ? model.substring(3) : model.substring(3, end);
        }
        return model;
    }

    private static ModelFamily gpt5(String name) {
        if (name.length() > 6 && name.charAt(5) == '.') {
            int end = 6;
            while (end < name.length() && Character.isDigit(name.charAt(end))) {
                end++;
            }
            if (end > 6 && end - 6 < 6 && Integer.parseInt(name.substring(6, end)) >= FIRST_LONG_CONTEXT_GPT_5_MINOR) {
                return GPT_5_LONG_CONTEXT;
            }
        }
        return GPT_5;
    }
}
