package fr.presenca.connexion.application.service;

import java.util.List;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.port.in.ListModelPricesUseCase;
import fr.presenca.connexion.application.port.out.LoadModelPricesPort;
import fr.presenca.connexion.domain.cost.ModelPrice;
import reactor.core.publisher.Mono;

public final class ListModelPricesService implements ListModelPricesUseCase {

    private final LoadModelPricesPort loadModelPrices;

    public ListModelPricesService(LoadModelPricesPort loadModelPrices) {
        this.loadModelPrices = loadModelPrices;
    }

    @Override
    public Mono<List<ModelPrice>> listModelPrices(Caller caller) {
        return loadModelPrices.loadModelPrices(caller);
    }
}
