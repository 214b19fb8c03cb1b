package fr.presenca.connexion.application.port.out;

import java.time.Instant;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.domain.cost.ModelPrice;
import io.vavr.control.Either;
import reactor.core.publisher.Mono;

/**
 * Adds a version of a model's prices as the caller, at {@code at}. A version with the same effective date replaces
 * the one there only while that one is not yet in effect (Conflict otherwise: prices in effect are never rewritten);
 * Forbidden when the database refuses the caller the write.
 */
public interface SaveModelPricePort {

    Mono<Either<ApplicationError, ModelPrice>> saveModelPrice(Caller caller, ModelPrice price, Instant at);
}
