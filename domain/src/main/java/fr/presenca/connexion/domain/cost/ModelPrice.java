package fr.presenca.connexion.domain.cost;

import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.DomainError.InvalidField;
import fr.presenca.connexion.domain.connexion.ModelName;
import io.vavr.control.Either;
import io.vavr.control.Option;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One version of a model's USD prices per million tokens, in effect from {@code effectiveFrom} until the next
 * version's. Prices keep all their places (at most {@value #SCALE}: OpenAI publishes e.g. 0.075 per 1M), so a
 * cost has at most {@link Usd#MAX_SCALE} places.
 *
 * @param cachedInputPerMillion the price of prompt tokens OpenAI served from its cache
 * @param maxOutputTokens       the model's own output cap, the bound of a call that sets none; None when unknown
 * @param effectiveFrom         from when this version prices calls admitted (or recorded) at or after it
 */
public record ModelPrice(ModelName model, BigDecimal inputPerMillion, BigDecimal cachedInputPerMillion,
                         BigDecimal outputPerMillion, Option<Integer> maxOutputTokens, Instant effectiveFrom) {

    /** Places a price may carry (numeric(14,6)). */
    public static final int SCALE = 6;
    /** Prices are below this (numeric(14,6)). */
    public static final BigDecimal LIMIT = new BigDecimal("100000000");
    /** The effective date of prices that have always applied (those set before prices were versioned). */
    public static final Instant ALWAYS = Instant.EPOCH;

    public ModelPrice {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(inputPerMillion, "inputPerMillion");
        Objects.requireNonNull(cachedInputPerMillion, "cachedInputPerMillion");
        Objects.requireNonNull(outputPerMillion, "outputPerMillion");
        Objects.requireNonNull(maxOutputTokens, "maxOutputTokens");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        for (BigDecimal price : new BigDecimal[] {inputPerMillion, cachedInputPerMillion, outputPerMillion}) {
            if (price.signum() < 0 || price.stripTrailingZeros().scale() > SCALE || price.compareTo(LIMIT) >= 0) {
                throw new IllegalArgumentException("prices are >= 0, below 10^8, with at most " + SCALE + " places");
            }
        }
        if (maxOutputTokens.exists(max -> max == null || max < 0)) {
            throw new IllegalArgumentException("maxOutputTokens must be >= 0");
        }
    }

    /** A price that has always applied, cached input at the input price, no known output cap. */
    public ModelPrice(ModelName model, BigDecimal inputPerMillion, BigDecimal outputPerMillion) {
        this(model, inputPerMillion, inputPerMillion, outputPerMillion, Option.none(), ALWAYS);
    }

    /** Validates prices as typed by a user, naming the input field of each problem. */
    public static Either<DomainError, ModelPrice> of(ModelName model, BigDecimal inputPerMillion,
                                                     Option<BigDecimal> cachedInputPerMillion,
                                                     BigDecimal outputPerMillion, Option<Integer> maxOutputTokens,
                                                     Instant effectiveFrom) {
        Either<DomainError, BigDecimal> input = storable("inputPerMillion", inputPerMillion);
        Either<DomainError, BigDecimal> cached = cachedInputPerMillion.isEmpty() ? input
                : storable("cachedInputPerMillion", cachedInputPerMillion.get());
        Either<DomainError, BigDecimal> output = storable("outputPerMillion", outputPerMillion);
        Either<DomainError, Option<Integer>> max = maxOutputTokens.exists(m -> m == null || m < 0)
                ? Either.left(InvalidField.of("maxOutputTokens", "must be >= 0"))
                : Either.right(maxOutputTokens);
        return DomainError.problemsOf(input, cachedInputPerMillion.isEmpty() ? Either.right(BigDecimal.ZERO) : cached,
                        output, max)
                .<Either<DomainError, ModelPrice>>map(Either::left)
                .getOrElse(() -> Either.right(new ModelPrice(model, input.get(), cached.get(), output.get(), max.get(),
                        effectiveFrom)));
    }

    /** Input and output prices only: cached input at the input price, no output cap, always in effect. */
    public static Either<DomainError, ModelPrice> of(ModelName model, BigDecimal inputPerMillion, BigDecimal outputPerMillion) {
        return of(model, inputPerMillion, Option.none(), outputPerMillion, Option.none(), ALWAYS);
    }

    public Usd costOf(long inputTokens, long outputTokens) {
        return Pricing.costOf(this, inputTokens, outputTokens);
    }

    public Usd costOf(long inputTokens, long cachedInputTokens, long outputTokens) {
        return Pricing.costOf(this, inputTokens, cachedInputTokens, outputTokens);
    }

    private static Either<DomainError, BigDecimal> storable(String field, BigDecimal amount) {
        if (amount == null) {
            return Either.left(InvalidField.of(field, "must be a number >= 0"));
        }
        if (amount.signum() < 0) {
            return Either.left(InvalidField.of(field, "must be a number >= 0"));
        }
        if (amount.stripTrailingZeros().scale() > SCALE) {
            return Either.left(InvalidField.of(field, "must have at most " + SCALE + " decimal places"));
        }
        if (amount.compareTo(LIMIT) >= 0) {
            return Either.left(InvalidField.of(field, "must be below " + LIMIT.toPlainString()));
        }
        return Either.right(amount);
    }
}
