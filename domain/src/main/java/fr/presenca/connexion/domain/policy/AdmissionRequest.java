package fr.presenca.connexion.domain.policy;

import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.DomainError.InvalidField;
import fr.presenca.connexion.domain.connexion.ModelName;
import fr.presenca.connexion.domain.cost.ModelPrice;
import fr.presenca.connexion.domain.cost.Pricing;
import fr.presenca.connexion.domain.cost.Usd;
import io.vavr.control.Either;
import io.vavr.control.Option;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A request to call a model, with everything a policy may look at. The service loads the price,
 * the cost held by open reservations and the reset zone beforehand: policies never call out.
 *
 * @param model                the model to call
 * @param estimatedInputTokens the caller's estimate of prompt tokens, if any
 * @param maxOutputTokens      the completion cap, if any
 * @param at                   when the request is made
 * @param price                the model's price, None when it has none
 * @param heldByReservations   the cost currently held by this connexion's open reservations
 * @param zone                 the zone whose midnights reset quotas and budgets
 * @param outputMustBeBounded  the hold must bound the output (a call the gateway forwards): without a
 *                             maxOutputTokens, a connexion with a budget cannot admit it
 */
public record AdmissionRequest(
        ModelName model,
        Option<Integer> estimatedInputTokens,
        Option<Integer> maxOutputTokens,
        Instant at,
        Option<ModelPrice> price,
        Usd heldByReservations,
        ZoneId zone,
        boolean outputMustBeBounded) {

    /** A request whose caller may leave the output unbounded (authorizeRequest). */
    public AdmissionRequest(ModelName model, Option<Integer> estimatedInputTokens, Option<Integer> maxOutputTokens,
                            Instant at, Option<ModelPrice> price, Usd heldByReservations, ZoneId zone) {
        this(model, estimatedInputTokens, maxOutputTokens, at, price, heldByReservations, zone, false);
    }

    /**
     * A call the gateway forwards: its output bound is the body's cap ({@code statedOutputCap}, already times
     * n), else the model's maxOutputTokens times {@code outputMultiplier}; none when neither is known.
     */
    public static AdmissionRequest forCall(ModelName model, int inputTokens, Option<Integer> statedOutputCap,
                                           int outputMultiplier, Instant at, Option<ModelPrice> price,
                                           Usd heldByReservations, ZoneId zone) {
        if (outputMultiplier < 1) {
            throw new IllegalArgumentException("the output multiplier must be >= 1");
        }
        Option<Integer> output = statedOutputCap.orElse(() -> price.flatMap(ModelPrice::maxOutputTokens)
                .map(cap -> Math.multiplyExact(cap, outputMultiplier)));
        return new AdmissionRequest(model, Option.some(inputTokens), output, at, price, heldByReservations, zone, true);
    }

    public AdmissionRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(estimatedInputTokens, "estimatedInputTokens");
        Objects.requireNonNull(maxOutputTokens, "maxOutputTokens");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(heldByReservations, "heldByReservations");
        Objects.requireNonNull(zone, "zone");
        if (estimatedInputTokens.exists(t -> t == null || t < 0) || maxOutputTokens.exists(t -> t == null || t < 0)) {
            throw new IllegalArgumentException("token counts must be >= 0");
        }
        if (price.exists(p -> !p.model().equals(model))) {
            throw new IllegalArgumentException("the price must be the requested model's");
        }
    }

    /** Validates caller-supplied token counts, naming the input fields. */
    public static Either<DomainError, AdmissionRequest> of(ModelName model, Option<Integer> estimatedInputTokens,
                                                           Option<Integer> maxOutputTokens, Instant at,
                                                           Option<ModelPrice> price, Usd heldByReservations, ZoneId zone) {
        return DomainError.problemsOf(
                        nonNegative("estimatedInputTokens", estimatedInputTokens),
                        nonNegative("maxOutputTokens", maxOutputTokens))
                .<Either<DomainError, AdmissionRequest>>map(Either::left)
                .getOrElse(() -> Either.right(new AdmissionRequest(model, estimatedInputTokens, maxOutputTokens, at,
                        price, heldByReservations, zone)));
    }

    public AdmissionRequest at(Instant instant) {
        return new AdmissionRequest(model, estimatedInputTokens, maxOutputTokens, instant, price, heldByReservations, zone,
                outputMustBeBounded);
    }

    public boolean hasEstimate() {
        return estimatedInputTokens.isDefined() || maxOutputTokens.isDefined();
    }

    /**
     * The cost to hold against the budget: the most (estimated input, max output) tokens can cost
     * ({@link Pricing#upperBound}), a missing count taken as 0; zero when there is no estimate at all or no price.
     */
    public Usd estimatedHold() {
        if (!hasEstimate()) {
            return Usd.ZERO;
        }
        return price.map(p -> Pricing.upperBound(p, estimatedInputTokens.getOrElse(0), maxOutputTokens.getOrElse(0)))
                .getOrElse(Usd.ZERO);
    }

    private static Either<DomainError, Option<Integer>> nonNegative(String field, Option<Integer> tokens) {
        return tokens.exists(t -> t == null || t < 0)
                ? Either.left(InvalidField.of(field, "must be >= 0"))
                : Either.right(tokens);
    }
}
