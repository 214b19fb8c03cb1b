package fr.presenca.connexion.application.service;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.application.port.in.UpsertModelPriceCommand;
import fr.presenca.connexion.application.port.in.UpsertModelPriceUseCase;
import fr.presenca.connexion.application.port.out.SaveModelPricePort;
import fr.presenca.connexion.domain.DomainError.InvalidField;
import fr.presenca.connexion.domain.cost.ModelPrice;
import io.vavr.control.Either;
import reactor.core.publisher.Mono;

/**
 * Adds a version of a model's prices, in effect from now or from a later instant: never from the past, since a
 * recorded cost never changes. Who may set prices is the database's decision (row-level security).
 */
public final class UpsertModelPriceService implements UpsertModelPriceUseCase {

    private final SaveModelPricePort saveModelPrice;
    private final Clock clock;

    public UpsertModelPriceService(SaveModelPricePort saveModelPrice, Clock clock) {
        this.saveModelPrice = Objects.requireNonNull(saveModelPrice, "saveModelPrice");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Mono<Either<ApplicationError, ModelPrice>> upsertModelPrice(UpsertModelPriceCommand command) {
        return Mono.defer(() -> {
            Instant now = clock.instant();
            if (command.effectiveFrom().exists(from -> from.isBefore(now))) {
                return Mono.just(Either.left(new ApplicationError.Rejected(InvalidField.of("effectiveFrom",
                        "must not be in the past: prices are never retroactive"))));
            }
            return saveModelPrice.saveModelPrice(command.caller(), command.priceAsOf(now), now);
        });
    }
}
