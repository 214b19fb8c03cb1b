package fr.presenca.connexion.application.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.UUID;

import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.application.metering.Authorization;
import fr.presenca.connexion.application.metering.QuotaDecision;
import fr.presenca.connexion.application.metering.QuotaRequest;
import fr.presenca.connexion.application.metering.QuotaSnapshot;
import fr.presenca.connexion.application.port.in.AuthorizeRequestCommand;
import fr.presenca.connexion.application.port.in.AuthorizeRequestUseCase;
import fr.presenca.connexion.application.port.out.ConsumeQuotaPort;
import fr.presenca.connexion.domain.metering.ReservationId;
import fr.presenca.connexion.domain.policy.AdmissionPolicy;
import fr.presenca.connexion.domain.policy.AdmissionRequest;
import io.vavr.control.Either;
import reactor.core.publisher.Mono;

/**
 * authorizeRequest: the port locks the connexion and loads the snapshot, this service decides with the
 * domain ({@link AdmissionDecisions}: Connexion.admit and the configured admission policies), the port writes
 * the decision in the same transaction.
 */
public final class AuthorizeRequestService implements AuthorizeRequestUseCase {

    private final ConsumeQuotaPort consumeQuota;
    private final AdmissionDecisions decisions;
    private final Clock clock;
    private final ZoneId zone;
    private final Duration reservationTtl;

    public AuthorizeRequestService(ConsumeQuotaPort consumeQuota, AdmissionPolicy policy, Clock clock, ZoneId zone,
                                   Duration reservationTtl) {
        this.consumeQuota = Objects.requireNonNull(consumeQuota, "consumeQuota");
        this.decisions = new AdmissionDecisions(policy);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = Objects.requireNonNull(zone, "zone");
        if (reservationTtl.isNegative() || reservationTtl.isZero()) {
            throw new IllegalArgumentException("the reservation TTL must be positive");
        }
        this.reservationTtl = reservationTtl;
    }

    @Override
    public Mono<Either<ApplicationError, Authorization>> authorizeRequest(AuthorizeRequestCommand command) {
        return Mono.defer(() -> {
            Instant at = clock.instant();
            ReservationId reservationId = new ReservationId(UUID.randomUUID());
            QuotaRequest request = QuotaRequest.on(command.connexionId(), command.model(), command.idempotencyKey(), at);
            return consumeQuota.consumeQuota(command.caller(), request, snapshot -> snapshot
                    .toEither(() -> (ApplicationError) new ApplicationError.ConnexionNotFound(command.connexionId()))
                    .map(loaded -> decide(command, at, reservationId, loaded)));
        });
    }

    private QuotaDecision decide(AuthorizeRequestCommand command, Instant at, ReservationId reservationId,
                                 QuotaSnapshot snapshot) {
        if (snapshot.previous().isDefined()) {
            return new QuotaDecision.Replay(snapshot.previous().get());
        }
        AdmissionRequest request = new AdmissionRequest(command.model(), command.estimatedInputTokens(),
                command.maxOutputTokens(), at, snapshot.price(), snapshot.held(), zone);
        return decisions.decide(command.caller(), snapshot, request, reservationId, reservationTtl);
    }
}
