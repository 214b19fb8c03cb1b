package fr.presenca.connexion.application.fake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.caller.CallerRole;
import fr.presenca.connexion.application.listing.Page;
import fr.presenca.connexion.application.listing.PageRequest;
import fr.presenca.connexion.application.metering.Authorization;
import fr.presenca.connexion.application.metering.MeteringError;
import fr.presenca.connexion.application.metering.QuotaDecision;
import fr.presenca.connexion.application.metering.QuotaRequest;
import fr.presenca.connexion.application.metering.QuotaSnapshot;
import fr.presenca.connexion.application.metering.UsageDecision;
import fr.presenca.connexion.application.metering.UsageRequest;
import fr.presenca.connexion.application.metering.UsageSnapshot;
import fr.presenca.connexion.application.port.out.AppendUsagePort;
import fr.presenca.connexion.application.port.out.ConsumeQuotaPort;
import fr.presenca.connexion.application.port.out.ListUsageEventsPort;
import fr.presenca.connexion.application.port.out.LoadModelPricesPort;
import fr.presenca.connexion.application.port.out.SaveModelPricePort;
import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.connexion.ModelName;
import fr.presenca.connexion.domain.cost.ModelPrice;
import fr.presenca.connexion.domain.cost.Usd;
import fr.presenca.connexion.domain.metering.IdempotencyKey;
import fr.presenca.connexion.domain.metering.Reservation;
import fr.presenca.connexion.domain.metering.ReservationId;
import fr.presenca.connexion.domain.metering.UsageEvent;
import io.vavr.control.Either;
import io.vavr.control.Option;
import reactor.core.publisher.Mono;

/**
 * The metering ports in memory. One monitor stands for the connexion row lock: each port call loads,
 * decides and writes under it, as the R2DBC adapter does in one transaction. Visibility is simplified:
 * every connexion is visible except the hidden ones; admins and service_role may set prices.
 */
public final class InMemoryMetering implements ConsumeQuotaPort, AppendUsagePort, SaveModelPricePort,
        LoadModelPricesPort, ListUsageEventsPort {

    private record AnswerKey(ConnexionId connexionId, IdempotencyKey key) {
    }

    private final Map<ConnexionId, Connexion> connexions = new HashMap<>();
    private final Set<ConnexionId> hidden = new HashSet<>();
    private final Map<ModelName, ModelPrice> prices = new HashMap<>();
    private final Set<UUID> admins = new HashSet<>();
    private final Map<ReservationId, Reservation> reservations = new LinkedHashMap<>();
    private final Map<AnswerKey, Authorization> answers = new HashMap<>();
    private final List<UsageEvent> ledger = new ArrayList<>();
    private int writes;

    // ------------------------------------------------------------------ fixtures and inspection

    public synchronized InMemoryMetering save(Connexion connexion) {
        connexions.put(connexion.id(), connexion);
        return this;
    }

    public synchronized InMemoryMetering hide(ConnexionId id) {
        hidden.add(id);
        return this;
    }

    public synchronized InMemoryMetering price(ModelPrice price) {
        prices.put(price.model(), price);
        return this;
    }

    public synchronized InMemoryMetering admin(UUID subject) {
        admins.add(subject);
        return this;
    }

    public synchronized Connexion connexion(ConnexionId id) {
        return connexions.get(id);
    }

    public synchronized Reservation reservation(ReservationId id) {
        return reservations.get(id);
    }

    public synchronized List<UsageEvent> ledger() {
        return List.copyOf(ledger);
    }

    public synchronized Usd held(ConnexionId id, Instant at) {
        return reservations.values().stream().filter(r -> r.connexionId().equals(id) && r.holdsAt(at))
                .map(Reservation::held).reduce(Usd.ZERO, Usd::plus);
    }

    /** How many port calls wrote something. */
    public synchronized int writes() {
        return writes;
    }

    // ------------------------------------------------------------------ ports

    @Override
    public Mono<Either<MeteringError, Authorization>> consumeQuota(
            Caller caller, QuotaRequest request, Function<Option<QuotaSnapshot>, Either<MeteringError, QuotaDecision>> decide) {
        return Mono.fromSupplier(() -> {
            synchronized (this) {
                Option<QuotaSnapshot> snapshot = visible(request.connexionId()).map(connexion -> new QuotaSnapshot(connexion,
                        Option.of(prices.get(request.model())), held(request.connexionId(), request.at()),
                        Option.of(answers.get(new AnswerKey(request.connexionId(), request.idempotencyKey())))));
                Either<MeteringError, QuotaDecision> decision = decide.apply(snapshot);
                decision.forEach(d -> write(request, d));
                return decision.map(QuotaDecision::answer);
            }
        });
    }

    private void write(QuotaRequest request, QuotaDecision decision) {
        if (decision instanceof QuotaDecision.Replay) {
            return;
        }
        writes++;
        answers.put(new AnswerKey(request.connexionId(), request.idempotencyKey()), decision.answer());
        if (decision instanceof QuotaDecision.Admit admit) {
            connexions.put(admit.connexion().id(), admit.connexion());
            reservations.put(admit.reservation().id(), admit.reservation());
        }
    }

    @Override
    public Mono<Either<MeteringError, UsageEvent>> appendUsage(
            Caller caller, UsageRequest request, Function<Option<UsageSnapshot>, Either<MeteringError, UsageDecision>> decide) {
        return Mono.fromSupplier(() -> {
            synchronized (this) {
                Option<UsageSnapshot> snapshot = visible(request.connexionId()).map(connexion -> new UsageSnapshot(connexion,
                        Option.of(prices.get(request.model())),
                        Option.ofOptional(ledger.stream().filter(e -> e.connexionId().equals(request.connexionId())
                                && e.idempotencyKey().equals(request.idempotencyKey())).findFirst()),
                        request.reservationId().flatMap(id -> Option.of(reservations.get(id)))
                                .filter(r -> r.connexionId().equals(request.connexionId()))));
                Either<MeteringError, UsageDecision> decision = decide.apply(snapshot);
                decision.forEach(d -> {
                    if (d instanceof UsageDecision.Append append) {
                        writes++;
                        connexions.put(append.connexion().id(), append.connexion());
                        ledger.add(append.event());
                        append.settled().forEach(r -> reservations.put(r.id(), r));
                    }
                });
                return decision.map(UsageDecision::event);
            }
        });
    }

    @Override
    public Mono<Either<MeteringError, ModelPrice>> saveModelPrice(Caller caller, ModelPrice price, Instant at) {
        return Mono.fromSupplier(() -> {
            synchronized (this) {
                if (caller.role() != CallerRole.SERVICE_ROLE && !admins.contains(caller.subject())) {
                    return Either.left(new MeteringError.Forbidden("only PRESENCA administrators set prices"));
                }
                writes++;
                prices.put(price.model(), price);
                return Either.right(price);
            }
        });
    }

    @Override
    public Mono<List<ModelPrice>> loadModelPrices(Caller caller) {
        return Mono.fromSupplier(() -> {
            synchronized (this) {
                return prices.values().stream().sorted(Comparator.comparing(p -> p.model().value())).toList();
            }
        });
    }

    @Override
    public Mono<Page<UsageEvent>> listUsageEvents(Caller caller, ConnexionId connexionId, PageRequest page) {
        Comparator<UsageEvent> order = Comparator.comparing(UsageEvent::createdAt).thenComparing(e -> e.id().value());
        return Mono.fromSupplier(() -> {
            synchronized (this) {
                List<UsageEvent> after = ledger.stream()
                        .filter(e -> e.connexionId().equals(connexionId) && !hidden.contains(connexionId))
                        .filter(e -> page.after().forAll(c -> e.createdAt().isAfter(c.createdAt())
                                || e.createdAt().equals(c.createdAt()) && e.id().value().compareTo(c.id()) > 0))
                        .sorted(order).toList();
                return new Page<>(after.stream().limit(page.size()).toList(), after.size() > page.size());
            }
        });
    }

    private Option<Connexion> visible(ConnexionId id) {
        return hidden.contains(id) ? Option.none() : Option.of(connexions.get(id));
    }
}
