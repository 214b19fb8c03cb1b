package fr.presenca.connexion.application.port.in;

import java.util.List;

import fr.presenca.connexion.application.metering.UsageBucket;
import reactor.core.publisher.Mono;

/**
 * Aggregates of the ledger for front-ends: empty when the caller sees nothing in the range; without grouping, one
 * bucket of totals (zeros when nothing was recorded).
 */
public interface SummarizeUsageUseCase {

    Mono<List<UsageBucket>> summarizeUsage(SummarizeUsageQuery query);
}
