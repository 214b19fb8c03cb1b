package fr.presenca.connexion.application.service;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.UUID;

import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.application.metering.UsageDecision;
import fr.presenca.connexion.application.metering.UsageRequest;
import fr.presenca.connexion.application.metering.UsageSnapshot;
import fr.presenca.connexion.application.port.in.RecordUsageCommand;
import fr.presenca.connexion.application.port.in.RecordUsageUseCase;
import fr.presenca.connexion.application.port.out.AppendUsagePort;
import fr.presenca.connexion.application.write.ConnexionWrite;
import fr.presenca.connexion.domain.connexion.UserId;
import fr.presenca.connexion.domain.cost.Usd;
import fr.presenca.connexion.domain.metering.Reservation;
import fr.presenca.connexion.domain.metering.ReservationId;
import fr.presenca.connexion.domain.metering.UsageEvent;
import fr.presenca.connexion.domain.metering.UsageEventId;
import io.vavr.control.Either;
import io.vavr.control.Option;
import reactor.core.publisher.Mono;

/**
 * recordUsage: the port locks the connexion and loads the snapshot; this service checks the reservation
 * ({@link Reservation#settle}), prices the call and adds the cost ({@code Connexion.recordUsage}, which may
 * switch to QUOTA_EXCEEDED); the port writes it all in the same transaction.
 */
public final class RecordUsageService implements RecordUsageUseCase {

    private final AppendUsagePort appendUsage;
    private final Clock clock;
    private final ZoneId zone;

    public RecordUsageService(AppendUsagePort appendUsage, Clock clock, ZoneId zone) {
        this.appendUsage = Objects.requireNonNull(appendUsage, "appendUsage");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    @Override
    public Mono<Either<ApplicationError, UsageEvent>> recordUsage(RecordUsageCommand command) {
        return Mono.defer(() -> {
            Instant at = clock.instant();
            UsageEventId eventId = new UsageEventId(UUID.randomUUID());
            UsageRequest request = new UsageRequest(command.connexionId(), command.model(), command.reservationId(),
                    command.idempotencyKey(), at);
            return appendUsage.appendUsage(command.caller(), request, snapshot -> snapshot
                    .toEither(() -> (ApplicationError) new ApplicationError.ConnexionNotFound(command.connexionId()))
                    .flatMap(loaded -> decide(command, at, eventId, loaded)));
        });
    }

    private Either<ApplicationError, UsageDecision> decide(RecordUsageCommand command, Instant at, UsageEventId eventId,
                                                        UsageSnapshot snapshot) {
        if (snapshot.previous().isDefined()) {
            return Either.right(new UsageDecision.Replay(snapshot.previous().get()));
        }
        return settled(command, snapshot, at).map(settled -> {
            Usd cost = UsageEvent.costOf(snapshot.price(), command.inputTokens(), command.cachedInputTokens(),
                    command.outputTokens());
            UsageEvent event = new UsageEvent(eventId, command.connexionId(), command.model(), command.inputTokens(),
                    command.cachedInputTokens(), command.outputTokens(), cost, command.reservationId(), command.idempotencyKey(), at,
                    Option.some(new UserId(command.caller().subject())), command.upstreamRequestId());
            return new UsageDecision.Append(ConnexionWrite.of(snapshot.connexion().recordUsage(cost, at, zone).change(),
                    command.caller().subject()), event, settled);
        });
    }

    /** The reservation named by the command, settled; None when the usage names none. */
    private static Either<ApplicationError, Option<Reservation>> settled(RecordUsageCommand command, UsageSnapshot snapshot,
                                                                      Instant at) {
        if (command.reservationId().isEmpty()) {
            return Either.right(Option.none());
        }
        ReservationId id = command.reservationId().get();
        return snapshot.reservation()
                .toEither(() -> (ApplicationError) new ApplicationError.ReservationNotFound(id))
                .flatMap(reservation -> reservation.settle(command.model(), at)
                        .<ApplicationError>mapLeft(problem -> new ApplicationError.ReservationRefused(id, problem)))
                .map(Option::some);
    }
}
