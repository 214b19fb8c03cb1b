package fr.presenca.connexion.application.port.out;

import java.util.function.Function;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.application.metering.Authorization;
import fr.presenca.connexion.application.metering.QuotaDecision;
import fr.presenca.connexion.application.metering.QuotaRequest;
import fr.presenca.connexion.application.metering.QuotaSnapshot;
import io.vavr.control.Either;
import io.vavr.control.Option;
import reactor.core.publisher.Mono;

/**
 * Makes one admission decision atomic, across threads and service instances: in one transaction under the
 * caller's row-level security, locks the connexion, loads the {@link QuotaSnapshot} (None when the caller
 * may not see the connexion), applies {@code decide} - a pure function, the domain's policies - and writes
 * what it decided before releasing the lock. A Left from {@code decide} writes nothing.
 */
public interface ConsumeQuotaPort {

    Mono<Either<ApplicationError, Authorization>> consumeQuota(
            Caller caller, QuotaRequest request, Function<Option<QuotaSnapshot>, Either<ApplicationError, QuotaDecision>> decide);
}
