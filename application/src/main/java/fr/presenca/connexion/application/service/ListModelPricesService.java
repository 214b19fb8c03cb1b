package fr.presenca.connexion.application.service;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.application.port.in.ListModelPricesUseCase;
import fr.presenca.connexion.application.port.out.LoadModelPricesPort;
import fr.presenca.connexion.domain.connexion.ModelName;
import fr.presenca.connexion.domain.cost.ModelPrice;
import io.vavr.control.Either;
import reactor.core.publisher.Mono;

public final class ListModelPricesService implements ListModelPricesUseCase {

    private final LoadModelPricesPort loadModelPrices;
    private final Clock clock;

    public ListModelPricesService(LoadModelPricesPort loadModelPrices, Clock clock) {
        this.loadModelPrices = Objects.requireNonNull(loadModelPrices, "loadModelPrices");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Mono<List<ModelPrice>> listModelPrices(Caller caller) {
        return Mono.defer(() -> loadModelPrices.loadModelPrices(caller, clock.instant()));
    }

    @Override
    public Mono<Either<ApplicationError, List<ModelPrice>>> modelPriceHistory(Caller caller, String model) {
        return ModelName.of(model).fold(
                problem -> Mono.just(Either.left(new ApplicationError.Rejected(problem))),
                name -> loadModelPrices.loadModelPriceHistory(caller, name).map(Either::right));
    }
}
