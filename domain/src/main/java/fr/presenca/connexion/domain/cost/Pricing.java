package fr.presenca.connexion.domain.cost;

import java.math.BigDecimal;
import java.util.Objects;

/** Cost of a call, computed exactly with BigDecimal (no floating point anywhere). */
public final class Pricing {

    private static final int PER_MILLION_SHIFT = 6;

    private Pricing() {
    }

    /**
     * (input × inputPerMillion + output × outputPerMillion) / 1,000,000, exact, then rounded UP to
     * 4 places ({@link Usd#ceiling}): one input token of a $0.15/1M model costs 0.0001, not 0.
     */
    public static Usd costOf(ModelPrice price, long inputTokens, long outputTokens) {
        Objects.requireNonNull(price, "price");
        if (inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("token counts must be >= 0");
        }
        BigDecimal exact = price.inputPerMillion().multiply(BigDecimal.valueOf(inputTokens))
                .add(price.outputPerMillion().multiply(BigDecimal.valueOf(outputTokens)))
                .movePointLeft(PER_MILLION_SHIFT);
        return Usd.ceiling(exact);
    }
}
