package fr.presenca.connexion.domain.cost;

import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.DomainError.InvalidField;
import fr.presenca.connexion.domain.connexion.ModelName;
import io.vavr.control.Either;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * USD price of a model per million input tokens and per million output tokens. Prices keep all
 * their decimals (OpenAI publishes e.g. 0.075 per 1M); only costs are brought to 4 places.
 */
public record ModelPrice(ModelName model, BigDecimal inputPerMillion, BigDecimal outputPerMillion) {

    public ModelPrice {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(inputPerMillion, "inputPerMillion");
        Objects.requireNonNull(outputPerMillion, "outputPerMillion");
        if (inputPerMillion.signum() < 0 || outputPerMillion.signum() < 0) {
            throw new IllegalArgumentException("prices must be >= 0");
        }
    }

    public static Either<DomainError, ModelPrice> of(ModelName model, BigDecimal inputPerMillion, BigDecimal outputPerMillion) {
        if (inputPerMillion == null || inputPerMillion.signum() < 0) {
            return Either.left(InvalidField.of("inputPerMillion", "must be a number >= 0"));
        }
        if (outputPerMillion == null || outputPerMillion.signum() < 0) {
            return Either.left(InvalidField.of("outputPerMillion", "must be a number >= 0"));
        }
        return Either.right(new ModelPrice(model, inputPerMillion, outputPerMillion));
    }

    public Usd costOf(long inputTokens, long outputTokens) {
        return Pricing.costOf(this, inputTokens, outputTokens);
    }
}
