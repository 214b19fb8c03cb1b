package fr.presenca.connexion.application.fake;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import fr.presenca.connexion.application.port.out.LoadDueVerificationsPort;
import fr.presenca.connexion.application.port.out.RecordVerificationPort;
import fr.presenca.connexion.application.port.out.VerificationRoundLockPort;
import fr.presenca.connexion.application.verification.DueVerification;
import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import io.vavr.control.Option;
import reactor.core.publisher.Mono;

/** The periodic verification's schedule and round lock in memory, over the connexions of an in-memory store. */
public final class InMemoryVerificationSchedule implements LoadDueVerificationsPort, RecordVerificationPort,
        VerificationRoundLockPort {

    /** One connexion's schedule. */
    public record Entry(Instant checkedAt, Instant nextCheckAt, int failures) {
    }

    private final InMemoryConnexionStore connexions;
    private final Map<ConnexionId, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicBoolean locked = new AtomicBoolean();

    public InMemoryVerificationSchedule(InMemoryConnexionStore connexions) {
        this.connexions = connexions;
    }

    public Option<Entry> entry(ConnexionId id) {
        return Option.of(entries.get(id));
    }

    @Override
    public Mono<List<DueVerification>> loadDueVerifications(Instant now, Instant checkedBefore) {
        return Mono.fromSupplier(() -> connexions.stored().stream()
                .filter(c -> c.active() && c.apiKey().isDefined())
                .filter(c -> c.lastSyncAt().forAll(at -> !at.isAfter(checkedBefore)))
                .filter(c -> Option.of(entries.get(c.id()))
                        .forAll(e -> !e.nextCheckAt().isAfter(now) || !e.checkedAt().isAfter(checkedBefore)))
                .sorted(Comparator.comparing((Connexion c) -> Option.of(entries.get(c.id())).map(Entry::nextCheckAt)
                        .getOrElse(Instant.MIN)).thenComparing(c -> c.id().value()))
                .map(c -> new DueVerification(c.id(), Option.of(entries.get(c.id())).map(Entry::failures).getOrElse(0)))
                .toList());
    }

    @Override
    public Mono<Void> recordVerification(ConnexionId id, Instant checkedAt, Instant nextCheckAt, int failures) {
        return Mono.fromRunnable(() -> {
            if (connexions.stored().stream().anyMatch(c -> c.id().equals(id))) {
                entries.put(id, new Entry(checkedAt, nextCheckAt, failures));
            }
        });
    }

    @Override
    public <T> Mono<Option<T>> underRoundLock(Mono<T> round) {
        return Mono.usingWhen(Mono.fromSupplier(() -> locked.compareAndSet(false, true)),
                taken -> taken ? round.map(Option::some) : Mono.just(Option.<T>none()),
                taken -> taken ? Mono.fromRunnable(() -> locked.set(false)) : Mono.empty());
    }
}
