package fr.presenca.connexion.application.service;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.application.error.UnavailableException;
import fr.presenca.connexion.application.gateway.UpstreamAccount;
import fr.presenca.connexion.application.gateway.UpstreamError;
import fr.presenca.connexion.application.gateway.UpstreamFailure;
import fr.presenca.connexion.application.gateway.UpstreamVerdict;
import fr.presenca.connexion.application.port.in.VerifyConnexionUseCase;
import fr.presenca.connexion.application.write.ConnexionWrite;
import fr.presenca.connexion.application.port.out.LoadConnexionPort;
import fr.presenca.connexion.application.port.out.OpenAiPort;
import fr.presenca.connexion.application.port.out.SaveConnexionPort;
import fr.presenca.connexion.application.verification.KeyCheck;
import fr.presenca.connexion.application.verification.KeyVerdict;
import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.connexion.Transition;
import io.vavr.control.Either;
import io.vavr.control.Option;
import reactor.core.publisher.Mono;

/**
 * verifyConnexion: OpenAI's answer to the stored key decides. Accepted → lastSyncAt, and a status OpenAI's answers
 * had set lifted (the domain's {@code verified}); refused → the status and lastError the refusal calls for (the same
 * verdicts as the gateway's); a refusal that says nothing about the account (a missing scope, a rate limit, a 5xx)
 * changes nothing. OpenAI out of reach or out of time is no answer: nothing changes, the caller gets UNAVAILABLE
 * (a lastError without its status would make a counters' QUOTA_EXCEEDED look set by OpenAI).
 */
public final class VerifyConnexionService implements VerifyConnexionUseCase {

    private static final int WRITE_ATTEMPTS = 3;

    private final LoadConnexionPort load;
    private final SaveConnexionPort save;
    private final OpenAiPort openAi;
    private final Clock clock;
    private final ZoneId zone;

    public VerifyConnexionService(LoadConnexionPort load, SaveConnexionPort save, OpenAiPort openAi, Clock clock, ZoneId zone) {
        this.load = Objects.requireNonNull(load, "load");
        this.save = Objects.requireNonNull(save, "save");
        this.openAi = Objects.requireNonNull(openAi, "openAi");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    @Override
    public Mono<Either<ApplicationError, KeyCheck>> checkConnexionKey(Caller caller, ConnexionId id) {
        return load.loadConnexion(caller, id).flatMap(found -> {
            if (found.isEmpty()) {
                return Mono.just(Either.left(ConnexionCommandRunner.notFound(id)));
            }
            Connexion connexion = found.get();
            if (connexion.apiKey().isEmpty()) {
                return Mono.just(Either.left(new ApplicationError.Rejected(DomainError.InvalidField.of("apiKey",
                        "the connexion has no OpenAI API key to verify"))));
            }
            UpstreamAccount account = new UpstreamAccount(connexion.apiKey().get(), connexion.openaiOrganisationId(),
                    connexion.openaiProjectId());
            return openAi.checkKey(account)
                    .onErrorMap(UpstreamFailure.class, failure -> new UnavailableException(failure.getMessage()
                            + "; the key could not be verified, nothing changed", failure))
                    .flatMap(refusal -> apply(caller, connexion, refusal, WRITE_ATTEMPTS)
                            .map(result -> result.map(now -> new KeyCheck(now, verdictOf(refusal)))));
        });
    }

    private static KeyVerdict verdictOf(Option<UpstreamError> refusal) {
        return refusal.fold(() -> KeyVerdict.ACCEPTED,
                error -> UpstreamVerdict.of(error) == UpstreamVerdict.NONE ? KeyVerdict.NO_VERDICT : KeyVerdict.REFUSED);
    }

    /** Applies OpenAI's answer; a concurrent change of the same fields is retried on the fresh state. */
    private Mono<Either<ApplicationError, Connexion>> apply(Caller caller, Connexion before, Option<UpstreamError> refusal,
                                                            int attempts) {
        Instant at = clock.instant();
        Either<DomainError, Transition> transition = refusal.fold(() -> before.verified(at, zone),
                error -> GatewayService.transition(before, error, at));
        // Left: the refusal changes nothing here (already that status, INACTIVE, or nothing about the account).
        return transition.fold(unchanged -> Mono.just(Either.<ApplicationError, Connexion>right(before)),
                change -> save.updateConnexion(caller, ConnexionWrite.of(change, caller.subject()))
                        .flatMap(saved -> saved.isLeft() && saved.getLeft() instanceof ApplicationError.Conflict && attempts > 1
                                ? load.loadConnexion(caller, before.id()).flatMap(fresh -> fresh.fold(
                                        () -> Mono.just(Either.<ApplicationError, Connexion>left(ConnexionCommandRunner.notFound(before.id()))),
                                        again -> apply(caller, again, refusal, attempts - 1)))
                                : Mono.just(saved)));
    }
}
