package fr.presenca.connexion.bootstrap;

import java.time.Clock;
import java.time.Duration;

import fr.presenca.connexion.adapter.out.persistence.PostgresVerificationRoundLock;
import fr.presenca.connexion.adapter.out.persistence.R2dbcVerificationScheduleAdapter;
import fr.presenca.connexion.application.port.in.RunVerificationRoundUseCase;
import fr.presenca.connexion.application.port.in.VerifyConnexionUseCase;
import fr.presenca.connexion.application.service.RunVerificationRoundService;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Wires the periodic verification of stored OpenAI keys. Settings: {@code presenca.openai.verify-interval} (a duration
 * such as PT6H; unset, the default: no periodic verification) and {@code presenca.openai.verify-concurrency} (checks at
 * once per round, default 4). The round runs on any instance, one at a time over all of them.
 */
@Configuration(proxyBeanMethods = false)
class VerificationConfiguration {

    static final String INTERVAL = "presenca.openai.verify-interval";
    static final String CONCURRENCY = "presenca.openai.verify-concurrency";
    private static final Logger LOG = LoggerFactory.getLogger(RunVerificationRoundService.class);

    @Bean
    R2dbcVerificationScheduleAdapter verificationSchedule(DatabaseClient database, TransactionalOperator transactions) {
        return new R2dbcVerificationScheduleAdapter(database, transactions);
    }

    /** On a connection of its own per round, outside the pool (it is held for the whole round). */
    @Bean
    PostgresVerificationRoundLock verificationRoundLock(@Value("${spring.r2dbc.url}") String url,
                                                        @Value("${spring.r2dbc.username:}") String username,
                                                        @Value("${spring.r2dbc.password:}") String password,
                                                        @Value("${presenca.database.connect-timeout:PT5S}") Duration connectTimeout) {
        return new PostgresVerificationRoundLock(ServiceConfiguration.ownConnections(url, username, password, connectTimeout));
    }

    @Bean
    RunVerificationRoundUseCase runVerificationRoundUseCase(VerifyConnexionUseCase verify,
                                                            R2dbcVerificationScheduleAdapter schedule,
                                                            PostgresVerificationRoundLock lock, Clock clock) {
        return new RunVerificationRoundService(verify, schedule, schedule, lock, clock, LOG::warn);
    }

    @Bean
    VerificationScheduler verificationScheduler(RunVerificationRoundUseCase rounds,
                                                @Value("${" + INTERVAL + ":#{null}}") Duration interval,
                                                @Value("${" + CONCURRENCY + ":4}") int concurrency,
                                                MeterRegistry registry) {
        return new VerificationScheduler(rounds, interval, concurrency, registry);
    }
}
