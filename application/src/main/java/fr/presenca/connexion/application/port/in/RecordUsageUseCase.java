package fr.presenca.connexion.application.port.in;

import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.domain.metering.UsageEvent;
import io.vavr.control.Either;
import reactor.core.publisher.Mono;

/**
 * Appends a completed call to the ledger, adds its exact cost to the month and settles its reservation,
 * atomically; usage without a reservation is accepted (the call happened). An unknown, foreign, expired or
 * settled reservation, or another model than the reservation's, is refused and writes nothing. The same
 * idempotency key answers the first event.
 */
public interface RecordUsageUseCase {

    Mono<Either<ApplicationError, UsageEvent>> recordUsage(RecordUsageCommand command);
}
