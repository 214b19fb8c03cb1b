package fr.presenca.connexion.application.port.in;

import java.util.List;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.domain.cost.ModelPrice;
import io.vavr.control.Either;
import reactor.core.publisher.Mono;

/** Model prices: those in effect now, and the versions of one model. */
public interface ListModelPricesUseCase {

    /** The price of each model in effect now, ordered by model name. */
    Mono<List<ModelPrice>> listModelPrices(Caller caller);

    /** Every version of {@code model}'s prices, oldest first; Invalid for a malformed model name. */
    Mono<Either<ApplicationError, List<ModelPrice>>> modelPriceHistory(Caller caller, String model);
}
