package fr.presenca.connexion.application.service;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.application.error.UnavailableException;
import fr.presenca.connexion.application.gateway.GatewayAnswer;
import fr.presenca.connexion.application.gateway.GatewayRefusal;
import fr.presenca.connexion.application.gateway.TokenUsage;
import fr.presenca.connexion.application.gateway.UpstreamAnswer;
import fr.presenca.connexion.application.gateway.UpstreamError;
import fr.presenca.connexion.application.gateway.UpstreamFailure;
import fr.presenca.connexion.application.gateway.UpstreamOutcome;
import fr.presenca.connexion.application.gateway.UpstreamRequest;
import fr.presenca.connexion.application.gateway.UpstreamVerdict;
import fr.presenca.connexion.application.metering.Authorization;
import fr.presenca.connexion.application.metering.QuotaDecision;
import fr.presenca.connexion.application.metering.QuotaRequest;
import fr.presenca.connexion.application.port.in.GatewayCallCommand;
import fr.presenca.connexion.application.port.in.GatewayUseCase;
import fr.presenca.connexion.application.port.in.RecordUsageCommand;
import fr.presenca.connexion.application.port.in.RecordUsageUseCase;
import fr.presenca.connexion.application.write.ConnexionWrite;
import fr.presenca.connexion.application.port.out.ConsumeQuotaPort;
import fr.presenca.connexion.application.port.out.LoadConnexionPort;
import fr.presenca.connexion.application.port.out.LoadGatewayKeyConnexionPort;
import fr.presenca.connexion.application.port.out.OpenAiPort;
import fr.presenca.connexion.application.port.out.SaveConnexionPort;
import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.connexion.ConnexionStatus;
import fr.presenca.connexion.domain.connexion.ModelName;
import fr.presenca.connexion.domain.connexion.Transition;
import fr.presenca.connexion.domain.metering.ReservationId;
import fr.presenca.connexion.domain.policy.AdmissionPolicy;
import fr.presenca.connexion.domain.policy.AdmissionRequest;
import io.vavr.control.Either;
import io.vavr.control.Option;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The gateway's use case: load the connexion (its key), admit the call as one locked decision, forward it, and
 * settle it exactly once from what OpenAI answered - its usage; 0 for an error answer; the held cost when the
 * call was cut off before its usage arrived - then let OpenAI's account-wide refusals set the status.
 */
public final class GatewayService implements GatewayUseCase {

    private static final System.Logger LOG = System.getLogger(GatewayService.class.getName());
    private static final int STATUS_WRITE_ATTEMPTS = 3;
    private static final String NO_API_KEY = "the connexion has no OpenAI API key";
    /** About a minute of backoff in all, within the hold's margin over the call's timeout. */
    private static final int SETTLEMENT_RETRIES = 14;

    private final LoadConnexionPort load;
    private final LoadGatewayKeyConnexionPort keyConnexion;
    private final SaveConnexionPort save;
    private final ConsumeQuotaPort consumeQuota;
    private final RecordUsageUseCase recordUsage;
    private final OpenAiPort openAi;
    private final AdmissionDecisions decisions;
    private final Clock clock;
    private final ZoneId zone;
    private final Duration holdFor;

    /**
     * @param holdFor how long an admitted call's cost is held: longer than the longest call (the upstream
     *                timeout), so that no hold lapses while its call runs
     */
    public GatewayService(LoadConnexionPort load, LoadGatewayKeyConnexionPort keyConnexion, SaveConnexionPort save, ConsumeQuotaPort consumeQuota,
                          RecordUsageUseCase recordUsage, OpenAiPort openAi, AdmissionPolicy policy, Clock clock,
                          ZoneId zone, Duration holdFor) {
        this.load = Objects.requireNonNull(load, "load");
        this.keyConnexion = Objects.requireNonNull(keyConnexion, "keyConnexion");
        this.save = Objects.requireNonNull(save, "save");
        this.consumeQuota = Objects.requireNonNull(consumeQuota, "consumeQuota");
        this.recordUsage = Objects.requireNonNull(recordUsage, "recordUsage");
        this.openAi = Objects.requireNonNull(openAi, "openAi");
        this.decisions = new AdmissionDecisions(policy);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = Objects.requireNonNull(zone, "zone");
        if (holdFor.isNegative() || holdFor.isZero()) {
            throw new IllegalArgumentException("the hold duration must be positive");
        }
        this.holdFor = holdFor;
    }

    @Override
    public Mono<Either<GatewayRefusal, List<ModelName>>> allowedModels(Caller caller, Option<ConnexionId> connexionId) {
        return connexionOf(caller, connexionId).map(found -> found
                .map(connexion -> connexion.allowedModels().models().asJava()));
    }

    @Override
    public Mono<Either<GatewayRefusal, GatewayAnswer>> forward(GatewayCallCommand command) {
        if (!command.caller().isGatewayKey() && command.connexionId().isEmpty()) {
            throw new IllegalArgumentException("a call made with a token names its connexion");
        }
        // The admission's locked read is the call's first read of the connexion (and of a gateway key).
        return admit(command).flatMap(admitted -> admitted.fold(
                refusal -> Mono.just(Either.left(refusal)),
                admission -> call(command.onConnexion(admission.connexion().id()), admission).map(Either::right)));
    }

    /**
     * The connexion whose models are asked for, in one read: a gateway key's own (the key checked in the same
     * statement; a request naming another connexion is refused), else the one the request names, as the caller may
     * see it.
     */
    private Mono<Either<GatewayRefusal, Connexion>> connexionOf(Caller caller, Option<ConnexionId> named) {
        if (caller.isGatewayKey()) {
            return keyConnexion.loadConnexionOfGatewayKey(caller).map(found -> found
                    .<GatewayRefusal>toEither(GatewayService::invalidGatewayKey)
                    .flatMap(connexion -> mismatch(named, connexion).<Either<GatewayRefusal, Connexion>>map(Either::left)
                            .getOrElse(() -> Either.right(connexion))));
        }
        if (named.isEmpty()) {
            throw new IllegalArgumentException("a call made with a token names its connexion");
        }
        return load.loadConnexion(caller, named.get()).map(found -> found
                .<GatewayRefusal>toEither(() -> notFound(named.get())));
    }

    private static GatewayRefusal invalidGatewayKey() {
        return GatewayRefusal.of(GatewayRefusal.Kind.INVALID_GATEWAY_KEY,
                "Incorrect API key provided: the gateway key is unknown, revoked or expired");
    }

    /** A gateway key's request that names another connexion than the key's own. */
    private static Option<GatewayRefusal> mismatch(Option<ConnexionId> named, Connexion keys) {
        return named.exists(id -> !id.equals(keys.id()))
                ? Option.some(GatewayRefusal.of(GatewayRefusal.Kind.CONNEXION_MISMATCH,
                        "the gateway key is for another connexion than the one the request names"))
                : Option.none();
    }

    // ------------------------------------------------------------------ admission

    /**
     * An admitted call: the connexion as the decision read it (its key included), its reservation, the tokens its
     * hold covers, and what is left after it.
     */
    private record Admission(Connexion connexion, ReservationId reservationId, int inputTokens, int outputTokens,
                             Authorization answer) {
    }

    private Mono<Either<GatewayRefusal, Admission>> admit(GatewayCallCommand command) {
        return Mono.defer(() -> {
            Instant at = clock.instant();
            ReservationId reservationId = new ReservationId(UUID.randomUUID());
            AtomicReference<Admission> admitted = new AtomicReference<>();
            boolean ofGatewayKey = command.caller().isGatewayKey();
            QuotaRequest request = ofGatewayKey ? QuotaRequest.ofGatewayKey(command.model(), command.idempotencyKey(), at)
                    : QuotaRequest.on(command.connexionId().get(), command.model(), command.idempotencyKey(), at).withApiKey();
            // One transaction reads the connexion (its key too; a gateway key's validity) and decides. A Left writes
            // nothing: no count, no hold.
            return consumeQuota.consumeQuota(command.caller(), request, snapshot -> snapshot
                    .toEither(() -> ofGatewayKey ? invalidGatewayKey() : notFound(command.connexionId().get()))
                    .flatMap(loaded -> {
                        Connexion connexion = loaded.connexion();
                        Option<GatewayRefusal> mismatch = ofGatewayKey ? mismatch(command.connexionId(), connexion)
                                : Option.none();
                        if (mismatch.isDefined()) {
                            return Either.left(mismatch.get());
                        }
                        if (connexion.apiKey().isEmpty()) {
                            return Either.left(GatewayRefusal.of(GatewayRefusal.Kind.NO_API_KEY,
                                    "connexion " + connexion.id().value() + " has no OpenAI API key"));
                        }
                        if (loaded.previous().isDefined()) {
                            return Either.left(GatewayRefusal.of(GatewayRefusal.Kind.IDEMPOTENCY_KEY_REUSED,
                                    "idempotency key " + command.idempotencyKey().value()
                                            + " already named a call on this connexion"));
                        }
                        AdmissionRequest admission = AdmissionRequest.forCall(command.model(), command.inputTokens(),
                                command.statedOutputCap(), command.outputMultiplier(), at, loaded.price(),
                                loaded.held(), zone);
                        QuotaDecision decision = decisions.decide(command.caller(), loaded, admission, reservationId, holdFor);
                        admitted.set(new Admission(connexion, reservationId, command.inputTokens(),
                                admission.maxOutputTokens().getOrElse(0), decision.answer()));
                        return Either.<GatewayRefusal, QuotaDecision>right(decision);
                    }))
                    .map(result -> result.flatMap(answer -> answer.allowed()
                            ? Either.right(admitted.get())
                            : Either.left(new GatewayRefusal(GatewayRefusal.Kind.DENIED, answer.reason(),
                                    "the call was denied: " + answer.reason().get(), answer.remainingRequests(),
                                    answer.remainingBudget()))));
        });
    }

    private static GatewayRefusal notFound(ConnexionId id) {
        return GatewayRefusal.of(GatewayRefusal.Kind.CONNEXION_NOT_FOUND, "no connexion " + id.value()
                + " visible to the caller");
    }

    // ------------------------------------------------------------------ forwarding and settlement

    private Mono<GatewayAnswer> call(GatewayCallCommand command, Admission admission) {
        Connexion connexion = admission.connexion();
        UpstreamRequest request = new UpstreamRequest(command.endpoint(), connexion.apiKey().get(),
                connexion.openaiOrganisationId(), connexion.openaiProjectId(), command.upstreamBody(), command.stream(),
                command.stripUsage());
        AtomicBoolean settled = new AtomicBoolean();
        return openAi.call(request)
                .onErrorResume(UpstreamFailure.class, failure -> once(settled, () -> settle(command, admission,
                        Option.none(), failure.mayHaveReachedOpenAi() ? Charge.HELD : Charge.NOTHING, Option.none()))
                        .then(Mono.error(failure)))
                // The client went away before OpenAI answered: the upstream call is cancelled, OpenAI may bill it.
                .doOnCancel(() -> detached(once(settled, () -> settle(command, admission, Option.none(), Charge.HELD,
                        Option.none()))))
                .map(answer -> new GatewayAnswer(answer.status(), answer.contentType(), answer.requestId(),
                        settledBody(command, admission, answer, settled), admission.reservationId(),
                        admission.answer().remainingRequests(), admission.answer().remainingBudget()));
    }

    /** The settlement, unless the call was settled already; once started it runs to its end (not cancellable). */
    private static Mono<Void> once(AtomicBoolean settled, java.util.function.Supplier<Mono<Void>> settlement) {
        return Mono.defer(() -> settled.compareAndSet(false, true)
                ? Mono.fromFuture(settlement.get().toFuture(), true)
                : Mono.empty());
    }

    /** Runs a settlement nobody waits for (its client is gone); a failure is only logged. */
    private static void detached(Mono<Void> settlement) {
        settlement.subscribe(null, error -> LOG.log(Level.WARNING,
                "a gateway call whose client went away could not be settled: " + error.getMessage()));
    }

    /** What a call is charged when OpenAI's usage did not arrive. */
    private enum Charge { NOTHING, HELD }

    /**
     * The body as it arrives, then the settlement before it ends: the client's answer is complete only once the
     * call is in the ledger. Cut off (upstream broken, client gone), the call is settled at what it used if its
     * usage already passed, else at its hold.
     */
    private Flux<byte[]> settledBody(GatewayCallCommand command, Admission admission, UpstreamAnswer answer,
                                     AtomicBoolean settled) {
        Mono<Void> settlement = once(settled, () -> settleOutcome(command, admission, answer, answer.outcome().get()));
        return answer.body()
                // The answer is whole: a settlement that failed after its retries is logged, the hold then lapses.
                .concatWith(settlement.onErrorResume(error -> {
                    LOG.log(Level.WARNING, "a gateway call could not be settled; its hold lapses at its expiry: "
                            + error.getMessage());
                    return Mono.empty();
                }).then(Mono.empty()))
                .onErrorResume(error -> settlement.onErrorResume(ignored -> Mono.empty()).then(Mono.error(error)))
                // The client went away: nobody waits for this settlement, but it must happen.
                .doOnCancel(() -> detached(settlement));
    }

    private Mono<Void> settleOutcome(GatewayCallCommand command, Admission admission, UpstreamAnswer answer,
                                     UpstreamOutcome outcome) {
        boolean errorAnswer = answer.status() >= 400 && outcome.error().isDefined();
        Charge charge = errorAnswer && outcome.usage().isEmpty() ? Charge.NOTHING : Charge.HELD;
        Mono<Void> settlement = settle(command, admission, outcome.usage(), charge, answer.requestId());
        return outcome.error().fold(() -> settlement,
                error -> settlement.then(applyVerdict(command.caller(), command.connexionId().get(), error, STATUS_WRITE_ATTEMPTS)));
    }

    private Mono<Void> settle(GatewayCallCommand command, Admission admission, Option<TokenUsage> usage, Charge charge,
                              Option<String> requestId) {
        TokenUsage charged = usage.getOrElse(() -> charge == Charge.HELD
                ? new TokenUsage(admission.inputTokens(), 0, admission.outputTokens())
                : new TokenUsage(0, 0, 0));
        RecordUsageCommand record = new RecordUsageCommand(command.caller(), command.connexionId().get(),
                Option.some(admission.reservationId()), command.model(), charged.inputTokens(),
                charged.cachedInputTokens(), charged.outputTokens(), command.idempotencyKey(), requestId);
        return recordUsage.recordUsage(record)
                // The ledger entry is keyed by the call's idempotency key: a retry never counts twice. A busy
                // connexion or a database restart delays a settlement; it does not lose it.
                .retryWhen(Retry.backoff(SETTLEMENT_RETRIES, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(5))
                        .filter(UnavailableException.class::isInstance))
                .doOnNext(result -> result.peekLeft(error -> LOG.log(Level.WARNING,
                        "a gateway call could not be settled: " + error)))
                .then();
    }

    // ------------------------------------------------------------------ status from OpenAI's answers

    private Mono<Void> applyVerdict(Caller caller, ConnexionId id, UpstreamError error, int attempts) {
        UpstreamVerdict verdict = UpstreamVerdict.of(error);
        if (verdict == UpstreamVerdict.NONE) {
            return Mono.empty();
        }
        return load.loadConnexion(caller, id).flatMap(found -> {
            if (found.isEmpty()) {
                return Mono.empty();
            }
            Connexion before = found.get();
            Either<DomainError, Transition> transition = transition(before, verdict, error, clock.instant());
            // Left: the status is already what the answer says (another call saw it first), or is INACTIVE.
            return transition.fold(ignored -> Mono.<Void>empty(), change -> save.updateConnexion(caller,
                            ConnexionWrite.of(change, caller.subject()))
                    .flatMap(saved -> saved.isLeft() && saved.getLeft() instanceof ApplicationError.Conflict && attempts > 1
                            ? applyVerdict(caller, id, error, attempts - 1)
                            : Mono.empty()));
        });
    }

    /** What OpenAI's error answer does to the connexion; Left when nothing (no verdict, or already so). */
    static Either<DomainError, Transition> transition(Connexion connexion, UpstreamError error, Instant at) {
        UpstreamVerdict verdict = UpstreamVerdict.of(error);
        return verdict == UpstreamVerdict.NONE
                ? Either.left(DomainError.InvalidField.of("status", "the answer says nothing about the account"))
                : transition(connexion, verdict, error, at);
    }

    private static Either<DomainError, Transition> transition(Connexion connexion, UpstreamVerdict verdict,
                                                             UpstreamError error, Instant at) {
        return switch (verdict) {
            case KEY_EXPIRED -> connexion.markExpired(error.describe(), at);
            case QUOTA_EXCEEDED -> connexion.markQuotaExceededAtOpenAi(error.describe(), at);
            // ERROR already: written once, by the first call that saw it.
            case ACCOUNT_REFUSED -> connexion.status() == ConnexionStatus.ERROR
                    ? Either.left(DomainError.InvalidField.of("status", "already ERROR"))
                    : connexion.recordFailure(error.describe(), at);
            case NONE -> throw new IllegalArgumentException("no transition for " + verdict);
        };
    }
}
