package fr.presenca.connexion.bootstrap;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import fr.presenca.connexion.application.port.in.RunVerificationRoundUseCase;
import fr.presenca.connexion.application.port.in.VerificationRoundCommand;
import fr.presenca.connexion.application.verification.VerificationOutcome;
import fr.presenca.connexion.application.verification.VerificationRound;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Runs the periodic key verification when {@code presenca.openai.verify-interval} is set: a round at start, then at
 * every tick (the interval, or a minute if the interval is longer). Each round works only on what is due, so a tick is
 * one lock attempt when nothing is; the first retry of a check without a verdict comes at the next tick. Rounds never
 * overlap on one instance (a tick that falls during a round is dropped), and a round that fails is logged and leaves
 * the schedule running. Counts the checks in {@code presenca_openai_verifications_total} by {@code outcome} (fixed
 * words: no tenant, connexion or key). Started last and stopped first, so no round outlives the pool.
 */
final class VerificationScheduler implements SmartLifecycle {

    static final String VERIFICATIONS = "presenca.openai.verifications";
    static final Duration LONGEST_TICK = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(VerificationScheduler.class);

    private final RunVerificationRoundUseCase rounds;
    private final VerificationRoundCommand command;
    private final Duration tick;
    private final Scheduler timer;
    private final Map<VerificationOutcome, Counter> counters = new EnumMap<>(VerificationOutcome.class);
    private volatile Disposable schedule;

    /**
     * @param interval    null: no periodic verification (the default)
     * @param concurrency checks at once per round
     */
    VerificationScheduler(RunVerificationRoundUseCase rounds, Duration interval, int concurrency, MeterRegistry registry,
                          Scheduler timer) {
        this.rounds = rounds;
        this.timer = timer;
        if (interval != null && (interval.isNegative() || interval.isZero())) {
            throw new IllegalStateException(VerificationConfiguration.INTERVAL + " must be a positive duration such as"
                    + " PT6H, not " + interval);
        }
        if (concurrency < 1) {
            throw new IllegalStateException(VerificationConfiguration.CONCURRENCY + " must be at least 1, not " + concurrency);
        }
        this.tick = interval == null || interval.compareTo(LONGEST_TICK) > 0 ? LONGEST_TICK : interval;
        this.command = interval == null ? null : new VerificationRoundCommand(interval, tick, concurrency);
        for (VerificationOutcome outcome : VerificationOutcome.values()) {
            counters.put(outcome, Counter.builder(VERIFICATIONS)
                    .description("Periodic checks of stored OpenAI keys, by outcome")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
    }

    VerificationScheduler(RunVerificationRoundUseCase rounds, Duration interval, int concurrency, MeterRegistry registry) {
        this(rounds, interval, concurrency, registry, Schedulers.parallel());
    }

    /** Whether rounds are scheduled (the interval is set and the application runs). */
    boolean schedulesRounds() {
        Disposable current = schedule;
        return current != null && !current.isDisposed();
    }

    @Override
    public synchronized void start() {
        if (command == null || schedulesRounds()) {
            return;
        }
        LOG.info("Periodic OpenAI key verification: every {} (checked for what is due every {}), {} at a time",
                command.interval(), tick, command.concurrency());
        schedule = Flux.interval(Duration.ZERO, tick, timer)
                .onBackpressureDrop()
                .concatMap(ignored -> round(), 0)
                .subscribe();
    }

    private Mono<VerificationRound> round() {
        return Mono.defer(() -> rounds.runVerificationRound(command))
                .doOnNext(this::record)
                .onErrorResume(error -> {
                    LOG.warn("Periodic OpenAI key verification: the round failed, next at the next tick: {}", error.getMessage());
                    return Mono.empty();
                });
    }

    private void record(VerificationRound round) {
        round.outcomes().forEach((outcome, count) -> counters.get(outcome).increment(count));
        if (round.checked() > 0) {
            Map<VerificationOutcome, Integer> happened = new EnumMap<>(VerificationOutcome.class);
            round.outcomes().forEach((outcome, count) -> {
                if (count > 0) {
                    happened.put(outcome, count);
                }
            });
            LOG.info("Periodic OpenAI key verification: {} connexions checked {}", round.checked(), happened);
        }
    }

    @Override
    public synchronized void stop() {
        Disposable current = schedule;
        if (current != null) {
            current.dispose();
        }
        schedule = null;
    }

    @Override
    public boolean isRunning() {
        return schedulesRounds();
    }
}
