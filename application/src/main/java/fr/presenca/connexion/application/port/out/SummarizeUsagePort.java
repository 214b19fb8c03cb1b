package fr.presenca.connexion.application.port.out;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.metering.UsageBucket;
import fr.presenca.connexion.application.metering.UsageGrouping;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import io.vavr.control.Option;
import reactor.core.publisher.Mono;

/**
 * The ledger's sums per bucket from {@code from} to {@code to} inclusive (days in the quota zone), as the caller may
 * see them (row-level security), ordered by day, model and connexion; without grouping, exactly one bucket.
 */
public interface SummarizeUsagePort {

    Mono<List<UsageBucket>> summarizeUsage(Caller caller, Option<ConnexionId> connexionId, LocalDate from, LocalDate to,
                                           Set<UsageGrouping> groupBy);
}
