package fr.presenca.connexion.application.port.out;

import java.time.Instant;
import java.util.List;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.domain.connexion.ModelName;
import fr.presenca.connexion.domain.cost.ModelPrice;
import reactor.core.publisher.Mono;

/** Model prices: the version of each model in effect at an instant, and a model's versions. */
public interface LoadModelPricesPort {

    /** The version of each priced model in effect at {@code at}, ordered by model name. */
    Mono<List<ModelPrice>> loadModelPrices(Caller caller, Instant at);

    /** Every version of one model's prices, oldest first; empty when it has none. */
    Mono<List<ModelPrice>> loadModelPriceHistory(Caller caller, ModelName model);
}
