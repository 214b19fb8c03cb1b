package fr.presenca.connexion.application.port.in;

import java.math.BigDecimal;
import java.util.Objects;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.DomainError.InvalidField;
import fr.presenca.connexion.domain.connexion.ModelName;
import fr.presenca.connexion.domain.cost.ModelPrice;
import io.vavr.control.Either;

/**
 * Sets a model's USD prices per million tokens. Prices are stored with at most {@value #SCALE} decimal
 * places and below 10^8: more would be rounded silently, so it is refused.
 */
public record UpsertModelPriceCommand(Caller caller, ModelPrice price) {

    public static final int SCALE = 6;
    static final BigDecimal LIMIT = new BigDecimal("100000000");

    public UpsertModelPriceCommand {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(price, "price");
    }

    public static Either<DomainError, UpsertModelPriceCommand> of(Caller caller, String model, BigDecimal inputPerMillion,
                                                                  BigDecimal outputPerMillion) {
        Either<DomainError, ModelName> checkedModel = ModelName.of(model);
        Either<DomainError, BigDecimal> input = storable("inputPerMillion", inputPerMillion);
        Either<DomainError, BigDecimal> output = storable("outputPerMillion", outputPerMillion);
        return DomainError.problemsOf(checkedModel, input, output)
                .<Either<DomainError, ModelPrice>>map(Either::left)
                .getOrElse(() -> ModelPrice.of(checkedModel.get(), input.get(), output.get()))
                .map(price -> new UpsertModelPriceCommand(caller, price));
    }

    private static Either<DomainError, BigDecimal> storable(String field, BigDecimal amount) {
        if (amount == null) {
            return Either.left(InvalidField.of(field, "is required"));
        }
        if (amount.signum() < 0) {
            return Either.left(InvalidField.of(field, "must be >= 0"));
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
