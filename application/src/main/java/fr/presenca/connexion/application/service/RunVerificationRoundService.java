package fr.presenca.connexion.application.service;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.application.error.UnavailableException;
import fr.presenca.connexion.application.port.in.RunVerificationRoundUseCase;
import fr.presenca.connexion.application.port.in.VerificationRoundCommand;
import fr.presenca.connexion.application.port.in.VerifyConnexionUseCase;
import fr.presenca.connexion.application.port.out.LoadDueVerificationsPort;
import fr.presenca.connexion.application.port.out.RecordVerificationPort;
import fr.presenca.connexion.application.port.out.VerificationRoundLockPort;
import fr.presenca.connexion.application.verification.DueVerification;
import fr.presenca.connexion.application.verification.KeyCheck;
import fr.presenca.connexion.application.verification.VerificationOutcome;
import fr.presenca.connexion.application.verification.VerificationRound;
import io.vavr.control.Either;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The periodic verification: under the round lock, every connexion due is checked through {@link VerifyConnexionUseCase}
 * (the one owner of what a check does to a connexion and its journal), {@code concurrency} at a time, as the service's
 * own {@code service_role} caller, which sees every organisation. After each check its schedule is recorded: an answer
 * (accepted or refused) holds for the interval; no verdict (OpenAI out of reach, a 5xx, a rate limit) is tried again
 * after a delay that doubles with each such check in a row, up to the interval.
 */
public final class RunVerificationRoundService implements RunVerificationRoundUseCase {

    /**
     * Who the rounds' checks are journalled as ({@code by} of their audit entries, {@code sub} of their claims): the
     * service itself, not a user (so the seed's trigger leaves {@code openai_updated_by} NULL). A fixed name-based
     * UUID: {@code UUID.nameUUIDFromBytes("presenca:openai-connexion:verification-round")}.
     */
    public static final UUID SUBJECT = UUID.nameUUIDFromBytes(
            "presenca:openai-connexion:verification-round".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    static final Caller CALLER = Caller.serviceRole(SUBJECT);

    private final VerifyConnexionUseCase verify;
    private final LoadDueVerificationsPort due;
    private final RecordVerificationPort record;
    private final VerificationRoundLockPort lock;
    private final Clock clock;
    private final Consumer<String> warnings;

    /** @param warnings where a connexion's failed check is reported (its id and the error's message, never a key) */
    public RunVerificationRoundService(VerifyConnexionUseCase verify, LoadDueVerificationsPort due,
                                       RecordVerificationPort record, VerificationRoundLockPort lock, Clock clock,
                                       Consumer<String> warnings) {
        this.verify = Objects.requireNonNull(verify, "verify");
        this.due = Objects.requireNonNull(due, "due");
        this.record = Objects.requireNonNull(record, "record");
        this.lock = Objects.requireNonNull(lock, "lock");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    @Override
    public Mono<VerificationRound> runVerificationRound(VerificationRoundCommand command) {
        Objects.requireNonNull(command, "command");
        return lock.underRoundLock(Mono.defer(() -> round(command)))
                .map(held -> held.getOrElse(VerificationRound::skipped));
    }

    private Mono<VerificationRound> round(VerificationRoundCommand command) {
        Instant now = clock.instant();
        return due.loadDueVerifications(now, now.minus(command.interval()))
                .flatMapMany(Flux::fromIterable)
                .flatMap(connexion -> check(connexion, command), command.concurrency())
                .collect(() -> new EnumMap<VerificationOutcome, Integer>(VerificationOutcome.class),
                        (counts, outcome) -> counts.merge(outcome, 1, Integer::sum))
                .map(counts -> new VerificationRound(true, counts));
    }

    private Mono<VerificationOutcome> check(DueVerification connexion, VerificationRoundCommand command) {
        return Mono.defer(() -> verify.checkConnexionKey(CALLER, connexion.connexionId()))
                .map(result -> outcomeOf(connexion, result))
                .onErrorResume(error -> {
                    boolean unavailable = error instanceof UnavailableException;
                    warn(connexion, unavailable ? error.getMessage() : "check failed: " + error);
                    return Mono.just(unavailable ? VerificationOutcome.UNAVAILABLE : VerificationOutcome.FAILED);
                })
                .flatMap(outcome -> schedule(connexion, outcome, command).thenReturn(outcome));
    }

    private VerificationOutcome outcomeOf(DueVerification connexion, Either<ApplicationError, KeyCheck> result) {
        return result.fold(error -> {
            if (error instanceof ApplicationError.NotFound || error instanceof ApplicationError.Rejected) {
                return VerificationOutcome.GONE;
            }
            warn(connexion, error.message());
            return VerificationOutcome.FAILED;
        }, check -> switch (check.verdict()) {
            case ACCEPTED -> VerificationOutcome.ACCEPTED;
            case REFUSED -> VerificationOutcome.REFUSED;
            case NO_VERDICT -> VerificationOutcome.NO_VERDICT;
        });
    }

    /** Records when the connexion is next due; a failure to record is reported, and the round goes on. */
    private Mono<Void> schedule(DueVerification connexion, VerificationOutcome outcome, VerificationRoundCommand command) {
        if (outcome == VerificationOutcome.GONE) {
            return Mono.empty();
        }
        Instant checkedAt = clock.instant();
        boolean answered = outcome == VerificationOutcome.ACCEPTED || outcome == VerificationOutcome.REFUSED;
        int failures = answered ? 0 : connexion.failures() + 1;
        Instant next = checkedAt.plus(answered ? command.interval() : command.delayAfter(failures));
        return Mono.defer(() -> record.recordVerification(connexion.connexionId(), checkedAt, next, failures))
                .onErrorResume(error -> {
                    warn(connexion, "its next check could not be scheduled: " + error.getMessage());
                    return Mono.empty();
                });
    }

    private void warn(DueVerification connexion, String message) {
        warnings.accept("connexion " + connexion.connexionId().value() + ": " + message);
    }
}
