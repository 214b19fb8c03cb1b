package fr.presenca.connexion.application.port.in;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.connexion.ModelName;
import fr.presenca.connexion.domain.cost.ModelPrice;
import io.vavr.control.Either;
import io.vavr.control.Option;

/**
 * Sets a new version of a model's USD prices per million tokens, in effect from {@code effectiveFrom} (None: from
 * the moment it is saved). Prices are validated by {@link ModelPrice#of}; the service refuses an effective date in
 * the past, since a recorded cost never changes.
 *
 * @param price the new version, its effective date still to be settled when {@code effectiveFrom} is None
 */
public record UpsertModelPriceCommand(Caller caller, ModelPrice price, Option<Instant> effectiveFrom) {

    public UpsertModelPriceCommand {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
    }

    public static Either<DomainError, UpsertModelPriceCommand> of(Caller caller, String model, BigDecimal inputPerMillion,
                                                                  BigDecimal cachedInputPerMillion,
                                                                  BigDecimal outputPerMillion, Integer maxOutputTokens,
                                                                  Instant effectiveFrom) {
        Either<DomainError, ModelName> checkedModel = ModelName.of(model);
        // A stand-in name when the model is invalid, only so that the price problems are reported with the model's.
        Either<DomainError, ModelPrice> price = ModelPrice.of(checkedModel.getOrElse(() -> new ModelName("-")),
                inputPerMillion, Option.of(cachedInputPerMillion), outputPerMillion, Option.of(maxOutputTokens),
                Option.of(effectiveFrom).getOrElse(ModelPrice.ALWAYS));
        return DomainError.problemsOf(checkedModel, price)
                .<Either<DomainError, UpsertModelPriceCommand>>map(Either::left)
                .getOrElse(() -> Either.right(new UpsertModelPriceCommand(caller, price.get(), Option.of(effectiveFrom))));
    }

    /** The version to save when saved at {@code now}. */
    public ModelPrice priceAsOf(Instant now) {
        ModelPrice given = price;
        return new ModelPrice(given.model(), given.inputPerMillion(), given.cachedInputPerMillion(),
                given.outputPerMillion(), given.maxOutputTokens(), effectiveFrom.getOrElse(now));
    }
}
