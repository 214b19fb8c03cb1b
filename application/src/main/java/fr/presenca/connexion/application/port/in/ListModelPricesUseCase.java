package fr.presenca.connexion.application.port.in;

import java.util.List;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.domain.cost.ModelPrice;
import reactor.core.publisher.Mono;

/** Every model price, ordered by model name. */
public interface ListModelPricesUseCase {

    Mono<List<ModelPrice>> listModelPrices(Caller caller);
}
