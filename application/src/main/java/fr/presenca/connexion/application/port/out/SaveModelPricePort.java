package fr.presenca.connexion.application.port.out;

import java.time.Instant;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.metering.MeteringError;
import fr.presenca.connexion.domain.cost.ModelPrice;
import io.vavr.control.Either;
import reactor.core.publisher.Mono;

/** Creates or replaces a model's price as the caller; Forbidden when the database refuses the caller the write. */
public interface SaveModelPricePort {

    Mono<Either<MeteringError, ModelPrice>> saveModelPrice(Caller caller, ModelPrice price, Instant at);
}
