package fr.presenca.connexion.bootstrap;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;

import fr.presenca.connexion.adapter.out.persistence.ApiKeyCipher;
import fr.presenca.connexion.adapter.out.persistence.DecisionLimits;
import fr.presenca.connexion.adapter.out.persistence.R2dbcMeteringPersistenceAdapter;
import fr.presenca.connexion.adapter.out.persistence.R2dbcModelPriceAdapter;
import fr.presenca.connexion.adapter.out.persistence.R2dbcUsageLedgerAdapter;
import fr.presenca.connexion.application.port.in.AuthorizeRequestUseCase;
import fr.presenca.connexion.application.port.in.ListModelPricesUseCase;
import fr.presenca.connexion.application.port.in.ListUsageEventsUseCase;
import fr.presenca.connexion.application.port.in.RecordUsageUseCase;
import fr.presenca.connexion.application.port.in.UpsertModelPriceUseCase;
import fr.presenca.connexion.application.service.AuthorizeRequestService;
import fr.presenca.connexion.application.service.ListModelPricesService;
import fr.presenca.connexion.application.service.ListUsageEventsService;
import fr.presenca.connexion.application.service.SummarizeUsageService;
import fr.presenca.connexion.application.port.in.SummarizeUsageUseCase;
import fr.presenca.connexion.application.service.RecordUsageService;
import fr.presenca.connexion.application.service.UpsertModelPriceService;
import fr.presenca.connexion.domain.policy.AdmissionPolicies;
import fr.presenca.connexion.domain.policy.AdmissionPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Wires metering. Settings: {@code presenca.quota.zone} (the zone whose midnights reset quotas and budgets,
 * default Europe/Paris) and {@code presenca.metering.reservation-ttl} (how long an admitted request holds
 * its estimated cost, ISO-8601 duration, default PT10M).
 */
@Configuration(proxyBeanMethods = false)
class MeteringConfiguration {

    /**
     * The admission policies, in order: the place to register a new one, e.g.
     * {@code AdmissionPolicies.builtInThen(List.of(new OfficeHoursPolicy(…)))} (see domain/README.md).
     */
    @Bean
    AdmissionPolicy admissionPolicy() {
        return AdmissionPolicies.builtIn();
    }

    @Bean
    R2dbcMeteringPersistenceAdapter meteringPersistence(DatabaseClient database, ApiKeyCipher apiKeyCipher,
                                                        @Value("${presenca.audit.max-entries:100}") int maxAuditEntries,
                                                        @Value("${presenca.quota.zone:Europe/Paris}") ZoneId zone,
                                                        DecisionLimits decisionLimits) {
        return new R2dbcMeteringPersistenceAdapter(database, apiKeyCipher, maxAuditEntries, zone, decisionLimits);
    }

    @Bean
    R2dbcModelPriceAdapter modelPricePersistence(DatabaseClient database, TransactionalOperator transactions) {
        return new R2dbcModelPriceAdapter(database, transactions);
    }

    @Bean
    R2dbcUsageLedgerAdapter usageLedgerPersistence(DatabaseClient database, TransactionalOperator transactions) {
        return new R2dbcUsageLedgerAdapter(database, transactions);
    }

    @Bean
    AuthorizeRequestUseCase authorizeRequestUseCase(R2dbcMeteringPersistenceAdapter persistence, AdmissionPolicy admissionPolicy,
                                                    Clock clock,
                                                    @Value("${presenca.quota.zone:Europe/Paris}") ZoneId zone,
                                                    @Value("${presenca.metering.reservation-ttl:PT10M}") Duration reservationTtl,
                                                    @Value("${presenca.metrics.admissions.enabled:true}") boolean counted,
                                                    MeterRegistry meterRegistry) {
        AuthorizeRequestUseCase service = new AuthorizeRequestService(persistence, admissionPolicy, clock, zone,
                reservationTtl);
        // Off only to measure what counting costs (benchmarks/README.md): no presenca_admission* meters then.
        return counted ? new AdmissionMetrics(service, meterRegistry) : service;
    }

    @Bean
    RecordUsageUseCase recordUsageUseCase(R2dbcMeteringPersistenceAdapter persistence, Clock clock,
                                          @Value("${presenca.quota.zone:Europe/Paris}") ZoneId zone) {
        return new RecordUsageService(persistence, clock, zone);
    }

    @Bean
    UpsertModelPriceUseCase upsertModelPriceUseCase(R2dbcModelPriceAdapter persistence, Clock clock) {
        return new UpsertModelPriceService(persistence, clock);
    }

    @Bean
    ListModelPricesUseCase listModelPricesUseCase(R2dbcModelPriceAdapter persistence, Clock clock) {
        return new ListModelPricesService(persistence, clock);
    }

    @Bean
    ListUsageEventsUseCase listUsageEventsUseCase(R2dbcUsageLedgerAdapter persistence) {
        return new ListUsageEventsService(persistence);
    }

    @Bean
    SummarizeUsageUseCase summarizeUsageUseCase(R2dbcUsageLedgerAdapter persistence) {
        return new SummarizeUsageService(persistence);
    }
}
