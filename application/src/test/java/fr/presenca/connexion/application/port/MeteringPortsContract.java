package fr.presenca.connexion.application.port;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.application.metering.Authorization;
import fr.presenca.connexion.application.port.in.AuthorizeRequestCommand;
import fr.presenca.connexion.application.port.in.RecordUsageCommand;
import fr.presenca.connexion.application.port.out.AppendUsagePort;
import fr.presenca.connexion.application.port.out.ConsumeQuotaPort;
import fr.presenca.connexion.application.service.AuthorizeRequestService;
import fr.presenca.connexion.application.service.RecordUsageService;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.policy.AdmissionPolicies;
import fr.presenca.connexion.domain.policy.DenialReason;
import io.vavr.control.Either;
import io.vavr.control.Option;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What every implementation of the metering ports must do, observed through the services that use them: run on
 * the in-memory fake and on the R2DBC adapter, so that the service tests on the fake hold for the real thing.
 */
public abstract class MeteringPortsContract {

    protected static final ZoneId ZONE = ZoneId.of("Europe/Paris");

    protected abstract ConsumeQuotaPort quota();

    protected abstract AppendUsagePort usage();

    /** The caller the connexions below belong to. */
    protected abstract Caller owner();

    /** A stored connexion the owner sees, with this daily limit, no budget, allowed model gpt-4o-mini. */
    protected abstract ConnexionId givenConnexion(int dailyLimit);

    /** A stored connexion the owner may not see. */
    protected abstract ConnexionId givenInvisibleConnexion();

    private final Clock clock = Clock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);

    private Either<ApplicationError, Authorization> authorize(ConnexionId connexion, String key) {
        AuthorizeRequestService service = new AuthorizeRequestService(quota(), AdmissionPolicies.builtIn(), clock, ZONE,
                Duration.ofMinutes(10));
        return service.authorizeRequest(AuthorizeRequestCommand.of(owner(), connexion, "gpt-4o-mini", null, null, key)
                .get()).block();
    }

    private Either<ApplicationError, ?> record(ConnexionId connexion, Authorization authorization, String key) {
        RecordUsageService service = new RecordUsageService(usage(), clock, ZONE);
        return service.recordUsage(RecordUsageCommand.of(owner(), connexion, authorization.reservationId(),
                "gpt-4o-mini", 100, null, 20, key).get()).block();
    }

    @Test
    @DisplayName("admits up to the daily limit, then denies with DAILY_QUOTA_EXCEEDED")
    void dailyLimit() {
        ConnexionId connexion = givenConnexion(2);
        assertThat(authorize(connexion, "k1").get().allowed()).isTrue();
        assertThat(authorize(connexion, "k2").get().remainingRequests()).isEqualTo(Option.some(0));
        Authorization third = authorize(connexion, "k3").get();
        assertThat(third.allowed()).isFalse();
        assertThat(third.reason()).isEqualTo(Option.some(DenialReason.DAILY_QUOTA_EXCEEDED));
    }

    @Test
    @DisplayName("the same idempotency key answers the first answer again and counts once")
    void idempotency() {
        ConnexionId connexion = givenConnexion(3);
        Authorization first = authorize(connexion, "same").get();
        Authorization again = authorize(connexion, "same").get();
        assertThat(again).isEqualTo(first);
        assertThat(authorize(connexion, "other").get().remainingRequests()).isEqualTo(Option.some(1));
    }

    @Test
    @DisplayName("a connexion the caller may not see is not found, and counts nothing")
    void invisible() {
        assertThat(authorize(givenInvisibleConnexion(), "k").getLeft()).isInstanceOf(ApplicationError.ConnexionNotFound.class);
    }

    @Test
    @DisplayName("usage settles its reservation once; a second settlement of it is refused")
    void settlesOnce() {
        ConnexionId connexion = givenConnexion(5);
        Authorization admitted = authorize(connexion, "a1").get();
        assertThat(record(connexion, admitted, "u1").isRight()).isTrue();
        assertThat(record(connexion, admitted, "u2").getLeft()).isInstanceOf(ApplicationError.ReservationRefused.class);
        assertThat(record(connexion, admitted, "u1").isRight()).as("a retry of the first usage replays it").isTrue();
    }
}
