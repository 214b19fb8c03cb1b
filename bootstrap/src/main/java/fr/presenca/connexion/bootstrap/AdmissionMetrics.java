package fr.presenca.connexion.bootstrap;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.application.metering.Authorization;
import fr.presenca.connexion.application.port.in.AuthorizeRequestCommand;
import fr.presenca.connexion.application.port.in.AuthorizeRequestUseCase;
import fr.presenca.connexion.domain.policy.DenialReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vavr.control.Either;
import reactor.core.publisher.Mono;

/**
 * Counts admission decisions around the use case, for GraphQL and the gateway alike: {@code presenca_admissions_total}
 * by {@code outcome} (allowed, denied, refused, failed) and {@code reason} (the denial reason, the refusal's kind, or
 * none), and {@code presenca_admission_duration_seconds}, a histogram by outcome. Labels are fixed sets of words:
 * never a tenant, a connexion, a model or a key. The meters are created up front, so a decision costs two
 * increments and no lookup (no per-request observation wraps anything).
 */
final class AdmissionMetrics implements AuthorizeRequestUseCase {

    static final String ADMISSIONS = "presenca.admissions";
    static final String DURATION = "presenca.admission.duration";
    private static final Duration[] BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10)};

    private final AuthorizeRequestUseCase delegate;
    private final MeterRegistry registry;
    private final Counter allowed;
    private final Map<DenialReason, Counter> denied = new EnumMap<>(DenialReason.class);
    private final Map<Class<?>, Counter> refused = new ConcurrentHashMap<>();
    private final Counter failed;
    private final Timer allowedTime;
    private final Timer deniedTime;
    private final Timer refusedTime;
    private final Timer failedTime;

    AdmissionMetrics(AuthorizeRequestUseCase delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
        this.allowed = counter("allowed", "none");
        for (DenialReason reason : DenialReason.values()) {
            denied.put(reason, counter("denied", reason.name().toLowerCase(Locale.ROOT)));
        }
        this.failed = counter("failed", "none");
        this.allowedTime = timer("allowed");
        this.deniedTime = timer("denied");
        this.refusedTime = timer("refused");
        this.failedTime = timer("failed");
    }

    @Override
    public Mono<Either<ApplicationError, Authorization>> authorizeRequest(AuthorizeRequestCommand command) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return delegate.authorizeRequest(command)
                    .doOnNext(result -> record(result, System.nanoTime() - start))
                    .doOnError(error -> {
                        failed.increment();
                        failedTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                    });
        });
    }

    private void record(Either<ApplicationError, Authorization> result, long nanos) {
        if (result.isLeft()) {
            refused.computeIfAbsent(result.getLeft().getClass(), kind -> counter("refused", kindOf(kind))).increment();
            refusedTime.record(nanos, TimeUnit.NANOSECONDS);
        } else if (result.get().allowed()) {
            allowed.increment();
            allowedTime.record(nanos, TimeUnit.NANOSECONDS);
        } else {
            denied.get(result.get().reason().get()).increment();
            deniedTime.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** ConnexionNotFound → connexion_not_found. */
    private static String kindOf(Class<?> kind) {
        return kind.getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private Counter counter(String outcome, String reason) {
        return Counter.builder(ADMISSIONS).description("Admission decisions (authorizeRequest and gateway calls)")
                .tag("outcome", outcome).tag("reason", reason).register(registry);
    }

    private Timer timer(String outcome) {
        return Timer.builder(DURATION).description("Time to decide an admission, database round trips included")
                .tag("outcome", outcome).serviceLevelObjectives(BUCKETS).register(registry);
    }
}
