package fr.presenca.connexion.application.service;

import java.time.Clock;
import java.util.Objects;

import fr.presenca.connexion.application.metering.MeteringError;
import fr.presenca.connexion.application.port.in.UpsertModelPriceCommand;
import fr.presenca.connexion.application.port.in.UpsertModelPriceUseCase;
import fr.presenca.connexion.application.port.out.SaveModelPricePort;
import fr.presenca.connexion.domain.cost.ModelPrice;
import io.vavr.control.Either;
import reactor.core.publisher.Mono;

/** Who may set prices is the database's decision (row-level security): this only passes the caller on. */
public final class UpsertModelPriceService implements UpsertModelPriceUseCase {

    private final SaveModelPricePort saveModelPrice;
    private final Clock clock;

    public UpsertModelPriceService(SaveModelPricePort saveModelPrice, Clock clock) {
        this.saveModelPrice = Objects.requireNonNull(saveModelPrice, "saveModelPrice");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Mono<Either<MeteringError, ModelPrice>> upsertModelPrice(UpsertModelPriceCommand command) {
        return Mono.defer(() -> saveModelPrice.saveModelPrice(command.caller(), command.price(), clock.instant()));
    }
}
