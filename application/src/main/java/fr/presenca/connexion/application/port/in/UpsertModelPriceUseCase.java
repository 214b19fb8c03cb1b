package fr.presenca.connexion.application.port.in;

import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.domain.cost.ModelPrice;
import io.vavr.control.Either;
import reactor.core.publisher.Mono;

/** Creates or replaces a model's price; PRESENCA admins (and service_role) only, enforced by the database. */
public interface UpsertModelPriceUseCase {

    Mono<Either<ApplicationError, ModelPrice>> upsertModelPrice(UpsertModelPriceCommand command);
}
