package fr.presenca.connexion.domain.cost;

import java.math.BigDecimal;
import java.util.Objects;

/** Cost of a call, computed exactly with BigDecimal (no floating point, no rounding anywhere). */
public final class Pricing {

    private static final int PER_MILLION_SHIFT = 6;

    private Pricing() {
    }

    /**
     * ((input − cached) × input price + cached × cached-input price + output × output price) / 1,000,000,
     * exact: OpenAI bills cached prompt tokens, which are part of the input tokens, at the cached-input price.
     */
    public static Usd costOf(ModelPrice price, long inputTokens, long cachedInputTokens, long outputTokens) {
        Objects.requireNonNull(price, "price");
        if (inputTokens < 0 || cachedInputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("token counts must be >= 0");
        }
        if (cachedInputTokens > inputTokens) {
            throw new IllegalArgumentException("cached input tokens are part of the input tokens");
        }
        BigDecimal exact = price.inputPerMillion().multiply(BigDecimal.valueOf(inputTokens - cachedInputTokens))
                .add(price.cachedInputPerMillion().multiply(BigDecimal.valueOf(cachedInputTokens)))
                .add(price.outputPerMillion().multiply(BigDecimal.valueOf(outputTokens)))
                .movePointLeft(PER_MILLION_SHIFT);
        return new Usd(exact);
    }

    /** A call without cached input tokens. */
    public static Usd costOf(ModelPrice price, long inputTokens, long outputTokens) {
        return costOf(price, inputTokens, 0, outputTokens);
    }

    /**
     * The most a call of {@code inputTokens} prompt tokens and at most {@code outputTokens} output tokens can
     * cost, whichever of its prompt tokens OpenAI finds in its cache: every input token at the dearer of the
     * input and cached-input prices.
     */
    public static Usd upperBound(ModelPrice price, long inputTokens, long outputTokens) {
        Objects.requireNonNull(price, "price");
        if (inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("token counts must be >= 0");
        }
        BigDecimal inputPrice = price.inputPerMillion().max(price.cachedInputPerMillion());
        return new Usd(inputPrice.multiply(BigDecimal.valueOf(inputTokens))
                .add(price.outputPerMillion().multiply(BigDecimal.valueOf(outputTokens)))
                .movePointLeft(PER_MILLION_SHIFT));
    }
}
