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
import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.application.listing.Page;
import fr.presenca.connexion.application.listing.PageRequest;
import fr.presenca.connexion.application.metering.Authorization;
import fr.presenca.connexion.application.metering.QuotaDecision;
import fr.presenca.connexion.application.metering.QuotaRequest;
import fr.presenca.connexion.application.metering.QuotaSnapshot;
import fr.presenca.connexion.application.metering.UsageBucket;
import fr.presenca.connexion.application.metering.UsageDecision;
import fr.presenca.connexion.application.metering.UsageGrouping;
import fr.presenca.connexion.application.metering.UsageRequest;
import fr.presenca.connexion.application.metering.UsageSnapshot;
import fr.presenca.connexion.application.port.out.AppendUsagePort;
import fr.presenca.connexion.application.port.out.ConsumeQuotaPort;
import fr.presenca.connexion.application.port.out.ListUsageEventsPort;
import fr.presenca.connexion.application.port.out.LoadModelPricesPort;
import fr.presenca.connexion.application.port.out.SaveModelPricePort;
import fr.presenca.connexion.application.port.out.SummarizeUsagePort;
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
        LoadModelPricesPort, ListUsageEventsPort, SummarizeUsagePort {

    private record AnswerKey(ConnexionId connexionId, IdempotencyKey key) {
    }

    private final Map<ConnexionId, Connexion> connexions = new HashMap<>();
    private final Set<ConnexionId> hidden = new HashSet<>();
    /** Each model's price versions, by effective date. */
    private final Map<ModelName, java.util.TreeMap<Instant, ModelPrice>> prices = new HashMap<>();
    private final java.time.ZoneId zone;
    private final Set<UUID> admins = new HashSet<>();
    private final Map<ReservationId, Reservation> reservations = new LinkedHashMap<>();
    private final Map<ReservationId, Instant> admittedAt = new HashMap<>();
    private final Map<AnswerKey, Authorization> answers = new HashMap<>();
    private final List<UsageEvent> ledger = new ArrayList<>();
    private int writes;

    /** Days of usage summaries in Europe/Paris. */
    public InMemoryMetering() {
        this(java.time.ZoneId.of("Europe/Paris"));
    }

    public InMemoryMetering(java.time.ZoneId zone) {
        this.zone = zone;
    }

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
        prices.computeIfAbsent(price.model(), m -> new java.util.TreeMap<>()).put(price.effectiveFrom(), price);
        return this;
    }

    private Option<ModelPrice> priceAt(ModelName model, Instant at) {
        return Option.of(prices.get(model)).flatMap(versions -> Option.of(versions.floorEntry(at)))
                .map(Map.Entry::getValue);
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
    public <E> Mono<Either<E, Authorization>> consumeQuota(
            Caller caller, QuotaRequest request, Function<Option<QuotaSnapshot>, Either<E, QuotaDecision>> decide) {
        ConnexionId id = request.connexionId().getOrElseThrow(() -> new UnsupportedOperationException(
                "gateway keys live in the database only"));
        return Mono.fromSupplier(() -> {
            synchronized (this) {
                Option<QuotaSnapshot> snapshot = visible(id).map(connexion -> new QuotaSnapshot(connexion,
                        priceAt(request.model(), request.at()), held(id, request.at()),
                        Option.of(answers.get(new AnswerKey(id, request.idempotencyKey())))));
                Either<E, QuotaDecision> decision = decide.apply(snapshot);
                decision.forEach(d -> write(id, request, d));
                return decision.map(QuotaDecision::answer);
            }
        });
    }

    private void write(ConnexionId id, QuotaRequest request, QuotaDecision decision) {
        if (decision instanceof QuotaDecision.Replay) {
            return;
        }
        writes++;
        answers.put(new AnswerKey(id, request.idempotencyKey()), decision.answer());
        if (decision instanceof QuotaDecision.Admit admit) {
            connexions.put(admit.connexion().id(), admit.connexion());
            reservations.put(admit.reservation().id(), admit.reservation());
            admittedAt.put(admit.reservation().id(), request.at());
        }
    }

    @Override
    public Mono<Either<ApplicationError, UsageEvent>> appendUsage(
            Caller caller, UsageRequest request, Function<Option<UsageSnapshot>, Either<ApplicationError, UsageDecision>> decide) {
        return Mono.fromSupplier(() -> {
            synchronized (this) {
                Option<Reservation> reservation = request.reservationId().flatMap(id -> Option.of(reservations.get(id)))
                        .filter(r -> r.connexionId().equals(request.connexionId()));
                Instant pricedAt = reservation.map(r -> admittedAt.get(r.id())).getOrElse(request.at());
                Option<UsageSnapshot> snapshot = visible(request.connexionId()).map(connexion -> new UsageSnapshot(connexion,
                        priceAt(request.model(), pricedAt),
                        Option.ofOptional(ledger.stream().filter(e -> e.connexionId().equals(request.connexionId())
                                && e.idempotencyKey().equals(request.idempotencyKey())).findFirst()),
                        reservation));
                Either<ApplicationError, UsageDecision> decision = decide.apply(snapshot);
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
    public Mono<Either<ApplicationError, ModelPrice>> saveModelPrice(Caller caller, ModelPrice price, Instant at) {
        return Mono.fromSupplier(() -> {
            synchronized (this) {
                if (caller.role() != CallerRole.SERVICE_ROLE && !admins.contains(caller.subject())) {
                    return Either.left(new ApplicationError.Forbidden("only PRESENCA administrators set prices"));
                }
                ModelPrice there = prices.getOrDefault(price.model(), new java.util.TreeMap<>()).get(price.effectiveFrom());
                if (there != null && !there.effectiveFrom().isAfter(at)) {
                    return Either.left(new ApplicationError.Conflict("a price of " + price.model()
                            + " from " + price.effectiveFrom() + " is already in effect"));
                }
                writes++;
                price(price);
                return Either.right(price);
            }
        });
    }

    @Override
    public Mono<List<ModelPrice>> loadModelPrices(Caller caller, Instant at) {
        return Mono.fromSupplier(() -> {
            synchronized (this) {
                return prices.keySet().stream().flatMap(model -> priceAt(model, at).toJavaStream())
                        .sorted(Comparator.comparing(p -> p.model().value())).toList();
            }
        });
    }

    @Override
    public Mono<List<ModelPrice>> loadModelPriceHistory(Caller caller, ModelName model) {
        return Mono.fromSupplier(() -> {
            synchronized (this) {
                return List.copyOf(prices.getOrDefault(model, new java.util.TreeMap<>()).values());
            }
        });
    }

    @Override
    public Mono<List<UsageBucket>> summarizeUsage(Caller caller, Option<ConnexionId> connexionId,
                                                  java.time.LocalDate from, java.time.LocalDate to,
                                                  Set<UsageGrouping> groupBy) {
        return Mono.fromSupplier(() -> {
            synchronized (this) {
                record Key(Option<java.time.LocalDate> day, Option<ModelName> model, Option<ConnexionId> connexion) {
                }
                Map<Key, List<UsageEvent>> buckets = new java.util.TreeMap<>(Comparator
                        .comparing((Key k) -> k.day().map(Object::toString).getOrElse(""))
                        .thenComparing(k -> k.model().map(ModelName::value).getOrElse(""))
                        .thenComparing(k -> k.connexion().map(c -> c.value().toString()).getOrElse("")));
                for (UsageEvent event : ledger) {
                    java.time.LocalDate day = event.createdAt().atZone(zone).toLocalDate();
                    if (hidden.contains(event.connexionId()) || connexionId.exists(id -> !id.equals(event.connexionId()))
                            || day.isBefore(from) || day.isAfter(to)) {
                        continue;
                    }
                    Key key = new Key(groupBy.contains(UsageGrouping.DAY) ? Option.some(day) : Option.none(),
                            groupBy.contains(UsageGrouping.MODEL) ? Option.some(event.model()) : Option.none(),
                            groupBy.contains(UsageGrouping.CONNEXION) ? Option.some(event.connexionId()) : Option.none());
                    buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(event);
                }
                if (groupBy.isEmpty() && buckets.isEmpty()) {
                    buckets.put(new Key(Option.none(), Option.none(), Option.none()), List.of());
                }
                return buckets.entrySet().stream().map(bucket -> new UsageBucket(bucket.getKey().day(),
                        bucket.getKey().model(), bucket.getKey().connexion(), bucket.getValue().size(),
                        bucket.getValue().stream().mapToLong(UsageEvent::inputTokens).sum(),
                        bucket.getValue().stream().mapToLong(UsageEvent::cachedInputTokens).sum(),
                        bucket.getValue().stream().mapToLong(UsageEvent::outputTokens).sum(),
                        bucket.getValue().stream().map(UsageEvent::cost).reduce(Usd.ZERO, Usd::plus))).toList();
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
