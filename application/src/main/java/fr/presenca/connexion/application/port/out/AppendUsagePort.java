package fr.presenca.connexion.application.port.out;

import java.util.function.Function;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.application.metering.UsageDecision;
import fr.presenca.connexion.application.metering.UsageRequest;
import fr.presenca.connexion.application.metering.UsageSnapshot;
import fr.presenca.connexion.domain.metering.UsageEvent;
import io.vavr.control.Either;
import io.vavr.control.Option;
import reactor.core.publisher.Mono;

/**
 * Records one usage atomically: in one transaction under the caller's row-level security, locks the
 * connexion, loads the {@link UsageSnapshot} (None when the caller may not see the connexion), applies the
 * pure {@code decide}, and writes the event, the connexion's cost and status and the settled reservation.
 * A Left from {@code decide} writes nothing.
 */
public interface AppendUsagePort {

    Mono<Either<ApplicationError, UsageEvent>> appendUsage(
            Caller caller, UsageRequest request, Function<Option<UsageSnapshot>, Either<ApplicationError, UsageDecision>> decide);
}
