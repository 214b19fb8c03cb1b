package fr.presenca.connexion.application.service;

import java.util.List;
import java.util.Objects;

import fr.presenca.connexion.application.metering.UsageBucket;
import fr.presenca.connexion.application.port.in.SummarizeUsageQuery;
import fr.presenca.connexion.application.port.in.SummarizeUsageUseCase;
import fr.presenca.connexion.application.port.out.SummarizeUsagePort;
import reactor.core.publisher.Mono;

/** What the caller may see is the database's decision (row-level security): this only passes the query on. */
public final class SummarizeUsageService implements SummarizeUsageUseCase {

    private final SummarizeUsagePort summarizeUsage;

    public SummarizeUsageService(SummarizeUsagePort summarizeUsage) {
        this.summarizeUsage = Objects.requireNonNull(summarizeUsage, "summarizeUsage");
    }

    @Override
    public Mono<List<UsageBucket>> summarizeUsage(SummarizeUsageQuery query) {
        return summarizeUsage.summarizeUsage(query.caller(), query.connexionId(), query.from(), query.to(), query.groupBy());
    }
}
