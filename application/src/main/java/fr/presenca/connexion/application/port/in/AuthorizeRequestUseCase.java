package fr.presenca.connexion.application.port.in;

import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.application.metering.Authorization;
import io.vavr.control.Either;
import reactor.core.publisher.Mono;

/**
 * Decides atomically whether a call may be made: when allowed, counts one request of the daily quota and
 * holds its estimated cost against the monthly budget in a reservation. A denial is a Right (a normal
 * answer); Left only when the connexion is not visible. The same idempotency key answers the same.
 */
public interface AuthorizeRequestUseCase {

    Mono<Either<ApplicationError, Authorization>> authorizeRequest(AuthorizeRequestCommand command);
}
