package fr.presenca.connexion.application.port;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.application.write.ConnexionWrite;
import fr.presenca.connexion.application.port.out.DeleteConnexionPort;
import fr.presenca.connexion.application.port.out.LoadDueVerificationsPort;
import fr.presenca.connexion.application.port.out.RecordVerificationPort;
import fr.presenca.connexion.application.port.out.SaveConnexionPort;
import fr.presenca.connexion.application.port.out.VerificationRoundLockPort;
import fr.presenca.connexion.application.verification.DueVerification;
import fr.presenca.connexion.domain.connexion.ApiKey;
import fr.presenca.connexion.domain.connexion.ClientId;
import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.connexion.NewConnexion;
import fr.presenca.connexion.domain.connexion.OrganisationId;
import fr.presenca.connexion.domain.connexion.Transition;
import io.vavr.control.Either;
import io.vavr.control.Option;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * What every implementation of the periodic verification's ports must do (which connexions are due, their recorded
 * schedule, one round at a time), run against the in-memory fake and against PostgreSQL. Each test looks only at the
 * connexions it created: a store may hold others.
 */
public abstract class VerificationPortsContract {

    protected static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    private static final Duration INTERVAL = Duration.ofHours(6);
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    protected abstract SaveConnexionPort save();

    protected abstract DeleteConnexionPort delete();

    protected abstract LoadDueVerificationsPort due();

    protected abstract RecordVerificationPort record();

    protected abstract VerificationRoundLockPort lock();

    /** A new organisation, known to the store. */
    protected abstract UUID newOrganisation();

    private final Caller service = Caller.serviceRole(UUID.randomUUID());

    private Connexion stored(boolean withKey) {
        NewConnexion minimal = NewConnexion.minimal(new OrganisationId(newOrganisation()), new ClientId(UUID.randomUUID()));
        NewConnexion request = withKey ? new NewConnexion(minimal.organisationId(), minimal.clientType(), minimal.clientId(),
                Option.some(ApiKey.of("sk-proj-contract" + UUID.randomUUID().toString().replace("-", "")).get()),
                Option.none(), Option.none(), Option.none(), Option.none(), Option.none(), Option.none(), Option.none(),
                Option.none()) : minimal;
        Transition created = Connexion.create(new ConnexionId(UUID.randomUUID()), request, NOW.minus(Duration.ofDays(30)),
                ZONE).get();
        Either<ApplicationError, Connexion> result = save().insertConnexion(service,
                ConnexionWrite.of(created, service.subject())).block();
        assertThat(result.isRight()).as("insert: %s", result).isTrue();
        return result.get();
    }

    private Connexion changed(Connexion before, Either<?, Transition> command) {
        Transition transition = command.get();
        Either<ApplicationError, Connexion> result = save().updateConnexion(service,
                ConnexionWrite.of(transition, service.subject())).block();
        assertThat(result.isRight()).as("update: %s", result).isTrue();
        return result.get();
    }

    private List<DueVerification> dueAt(Instant now, Connexion... among) {
        List<ConnexionId> ids = java.util.Arrays.stream(among).map(Connexion::id).toList();
        return due().loadDueVerifications(now, now.minus(INTERVAL)).block().stream()
                .filter(due -> ids.contains(due.connexionId())).toList();
    }

    @Test
    @DisplayName("due: the active connexions with a key, not synchronised within the interval; never keyless or inactive ones")
    void dueConnexions() {
        Connexion neverChecked = stored(true);
        Connexion keyless = stored(false);
        Connexion inactive = stored(true);
        inactive = changed(inactive, inactive.deactivate(Option.none(), NOW.minus(Duration.ofDays(1))));
        Connexion syncedRecently = stored(true);
        syncedRecently = changed(syncedRecently, syncedRecently.recordSync(NOW.minus(Duration.ofHours(1))));
        Connexion syncedLongAgo = stored(true);
        syncedLongAgo = changed(syncedLongAgo, syncedLongAgo.recordSync(NOW.minus(INTERVAL)));

        assertThat(dueAt(NOW, neverChecked, keyless, inactive, syncedRecently, syncedLongAgo)).containsExactlyInAnyOrder(
                new DueVerification(neverChecked.id(), 0), new DueVerification(syncedLongAgo.id(), 0));
    }

    @Test
    @DisplayName("a recorded check holds until its next check; its failures come back with it; never-checked ones come first")
    void recordedSchedule() {
        Connexion answered = stored(true);
        Connexion retried = stored(true);
        Connexion fresh = stored(true);
        record().recordVerification(answered.id(), NOW, NOW.plus(INTERVAL), 0).block();
        record().recordVerification(retried.id(), NOW, NOW.plus(Duration.ofMinutes(4)), 3).block();

        assertThat(dueAt(NOW, answered, retried, fresh)).containsExactly(new DueVerification(fresh.id(), 0));
        assertThat(dueAt(NOW.plus(Duration.ofMinutes(4)), answered, retried, fresh))
                .containsExactly(new DueVerification(fresh.id(), 0), new DueVerification(retried.id(), 3));
        assertThat(dueAt(NOW.plus(INTERVAL), answered, retried, fresh))
                .containsExactly(new DueVerification(fresh.id(), 0), new DueVerification(retried.id(), 3),
                        new DueVerification(answered.id(), 0));

        record().recordVerification(retried.id(), NOW.plus(Duration.ofMinutes(5)), NOW.plus(Duration.ofMinutes(5)).plus(INTERVAL), 0).block();
        assertThat(dueAt(NOW.plus(Duration.ofMinutes(10)), retried)).isEmpty();
    }

    @Test
    @DisplayName("a check recorded under a longer interval is due once older than the current one")
    void shorterInterval() {
        Connexion connexion = stored(true);
        record().recordVerification(connexion.id(), NOW, NOW.plus(INTERVAL.multipliedBy(4)), 0).block();

        assertThat(dueAt(NOW.plus(INTERVAL).minusSeconds(1), connexion)).isEmpty();
        assertThat(dueAt(NOW.plus(INTERVAL), connexion)).containsExactly(new DueVerification(connexion.id(), 0));
    }

    @Test
    @DisplayName("recording a check of a connexion deleted meanwhile does nothing and fails nothing")
    void deletedMeanwhile() {
        Connexion connexion = stored(true);
        assertThat(delete().deleteConnexion(service, connexion.id()).block()).isTrue();

        record().recordVerification(connexion.id(), NOW, NOW.plus(INTERVAL), 0).block();
        assertThat(dueAt(NOW.plus(INTERVAL.multipliedBy(2)), connexion)).isEmpty();
    }

    @Test
    @DisplayName("one round at a time: a round tried while another holds the lock is not run; the lock is free after either ends")
    void oneRoundAtATime() {
        AtomicBoolean secondRan = new AtomicBoolean();
        Option<Option<String>> nested = lock().underRoundLock(lock().underRoundLock(
                Mono.fromSupplier(() -> {
                    secondRan.set(true);
                    return "second";
                }))).block();

        assertThat(nested).isEqualTo(Option.some(Option.none()));
        assertThat(secondRan).isFalse();
        assertThat(lock().underRoundLock(Mono.just("after")).block()).isEqualTo(Option.some("after"));

        Mono<Option<String>> failing = lock().underRoundLock(Mono.error(new IllegalStateException("the round failed")));
        assertThat(failing.onErrorResume(IllegalStateException.class, e -> Mono.just(Option.some("failed"))).block())
                .isEqualTo(Option.some("failed"));
        assertThat(lock().underRoundLock(Mono.just("after a failure")).block()).isEqualTo(Option.some("after a failure"));
    }
}
