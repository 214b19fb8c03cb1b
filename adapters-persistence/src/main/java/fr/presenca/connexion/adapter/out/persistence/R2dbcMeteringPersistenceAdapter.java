package fr.presenca.connexion.adapter.out.persistence;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.application.metering.Authorization;
import fr.presenca.connexion.application.metering.QuotaDecision;
import fr.presenca.connexion.application.metering.QuotaRequest;
import fr.presenca.connexion.application.metering.QuotaSnapshot;
import fr.presenca.connexion.application.metering.UsageDecision;
import fr.presenca.connexion.application.metering.UsageRequest;
import fr.presenca.connexion.application.metering.UsageSnapshot;
import fr.presenca.connexion.application.port.out.AppendUsagePort;
import fr.presenca.connexion.application.write.ConnexionWrite;
import fr.presenca.connexion.application.port.out.ConsumeQuotaPort;
import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.cost.ModelPrice;
import fr.presenca.connexion.domain.cost.MonthlyBudget;
import fr.presenca.connexion.domain.cost.Usd;
import fr.presenca.connexion.domain.metering.UsageEvent;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import io.vavr.control.Either;
import io.vavr.control.Option;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Metering on PostgreSQL through R2DBC, under the caller's row-level security.
 *
 * <h2>Why a row lock, not a conditional UPDATE</h2>
 * A conditional {@code UPDATE … SET usage = usage + 1 WHERE usage < limit RETURNING …} is atomic, but it
 * puts the rule in SQL; here the decision is the domain's admission policies (status, allowed model, price,
 * daily quota with its lazy reset at the zone's midnight, monthly budget with roll-over and open holds), a
 * pluggable chain that SQL cannot run. So each decision is one transaction that takes the connexion row
 * lock ({@code SELECT … FOR UPDATE}), loads what the policies need, lets the domain decide in Java and
 * writes the outcome before COMMIT releases the lock. The lock serialises the decisions of one connexion
 * across threads and service instances (it lives in the database); different connexions do not wait for
 * each other. Since every metering write of a connexion happens under its lock, the held sum, the
 * idempotency records and the reservation states read under the lock are exact.
 *
 * <h2>Round trips per authorizeRequest: three</h2>
 * BEGIN with the caller's role and claims, pipelined with lock + load (connexion row, model price, open holds,
 * previous answer under the key: one statement), see {@link PipelinedCallerTransactions}; one write statement
 * (the connexion's change, reservation, answer, lapsed holds, as data-modifying CTEs) - or only the answer for a denial, nothing
 * for a replay; COMMIT. The reads that
 * must see the previous lock holder's writes go through VOLATILE functions (changelog 0022): in READ
 * COMMITTED a plain sub-select of the locking statement would read the snapshot taken before the lock wait.
 */
public final class R2dbcMeteringPersistenceAdapter implements ConsumeQuotaPort, AppendUsagePort {

    /**
     * The connexion row, locked; the sub-select cannot be flattened (FOR UPDATE), so LATERAL reads run after the lock.
     * {@code *} rather than the column list: the driver tokenizes every statement's text on each execution, and this
     * is the hottest one (its JSON columns come back as text all the same).
     */
    private static final String LOCKED_CONNEXION =
            "(select * from public.openai_connexion where openai_connexion_id = $1 for update) l";

    /**
     * A gateway key's call: the key's connexion, locked, found by openai_gateway_key_use (the key checked, its use
     * noted) in the same statement - no read before the admission. {@code $1} is bound (NULL) and not read.
     */
    private static final String LOCKED_CONNEXION_OF_GATEWAY_KEY =
            "(select * from public.openai_connexion where openai_connexion_id = (select public.openai_gateway_key_use())"
            + " and $1::uuid is null for update) l";

    private static final String PRICE_COLUMNS = "p.model as price_model, p.input_per_million as price_input_per_million,"
            + " p.cached_input_per_million as price_cached_input_per_million,"
            + " p.output_per_million as price_output_per_million, p.max_output_tokens as price_max_output_tokens,"
            + " p.effective_from as price_effective_from";

    /** The model's price version in effect at the instant {@code at} (SQL), if any. */
    private static String priceInEffectAt(String model, String at) {
        return " left join lateral (select * from public.openai_model_price where model = " + model
                + " and effective_from <= " + at + " order by effective_from desc limit 1) p on true";
    }

    /** The exact month total, read with a fresh snapshot after the lock (changelog 0026). */
    private static final String MONTH_COST = " left join lateral public.openai_month_cost_of(l.openai_connexion_id) m on true";
    private static final String MONTH_COST_COLUMNS = " m.spent as month_spent, m.reset_at as month_reset_at,";

    private static String authorizeLoad(String lockedConnexion) {
        return "select " + ConnexionRow.DECISION_COLUMNS + ", " + PRICE_COLUMNS + "," + MONTH_COST_COLUMNS
                + " public.openai_held_cost(l.openai_connexion_id, $3) as held_cost,"
                + " a.allowed as previous_allowed, a.denial_reason as previous_denial_reason,"
                + " a.reservation_id as previous_reservation_id, a.remaining_requests as previous_remaining_requests,"
                + " a.remaining_budget as previous_remaining_budget, a.expires_at as previous_expires_at"
                + " from " + lockedConnexion
                + priceInEffectAt("$2", "$3") + MONTH_COST
                + " left join lateral public.openai_authorization_by_key(l.openai_connexion_id, $4) a on true";
    }

    private static final String AUTHORIZE_LOAD = authorizeLoad(LOCKED_CONNEXION);
    private static final String AUTHORIZE_LOAD_OF_GATEWAY_KEY = authorizeLoad(LOCKED_CONNEXION_OF_GATEWAY_KEY);

    /**
     * An admission's writes after the connexion's change ({@code change}, rendered by {@link ConnexionWriteSql}
     * from parameter {@value #ADMIT_PARAMETERS} + 1 on): the hold, the holds that lapsed, the answer.
     */
    private static final String ADMIT = """
            , hold as (
              insert into public.openai_reservation
                     (reservation_id, openai_connexion_id, model, held_cost, state, expires_at, created_at, created_by)
              values ($2, $1, $3, $4, 'held', $5, $6, $7)
              returning 1
            ), lapsed as (
              update public.openai_reservation set state = 'expired'
               where openai_connexion_id = $1 and state = 'held' and expires_at <= $6
            )
            insert into public.openai_authorization
                   (openai_connexion_id, idempotency_key, model, allowed, denial_reason, reservation_id,
                    remaining_requests, remaining_budget, expires_at, created_at, created_by)
            select $1, $8, $3, true, null, $2, $9, $10, $5, $6, $7
             where exists (select 1 from change) and exists (select 1 from hold)""";
    private static final int ADMIT_PARAMETERS = 10;

    private static final String AUTHORIZE_DENY = """
            insert into public.openai_authorization
                   (openai_connexion_id, idempotency_key, model, allowed, denial_reason, reservation_id,
                    remaining_requests, remaining_budget, expires_at, created_at, created_by)
            values ($1, $2, $3, false, $4, null, $5, $6, null, $7, $8)""";

    private static final String USAGE_LOAD = "select " + ConnexionRow.DECISION_COLUMNS + ", " + PRICE_COLUMNS + "," + MONTH_COST_COLUMNS + ""
            + " e.usage_event_id as previous_usage_event_id, e.openai_connexion_id as previous_openai_connexion_id,"
            + " e.model as previous_model, e.input_tokens as previous_input_tokens,"
            + " e.cached_input_tokens as previous_cached_input_tokens, e.output_tokens as previous_output_tokens,"
            + " e.cost as previous_cost, e.reservation_id as previous_reservation_id,"
            + " e.idempotency_key as previous_idempotency_key, e.created_at as previous_created_at,"
            + " e.created_by as previous_created_by, e.upstream_request_id as previous_upstream_request_id,"
            + " r.reservation_id as reservation_reservation_id, r.openai_connexion_id as reservation_openai_connexion_id,"
            + " r.model as reservation_model, r.held_cost as reservation_held_cost, r.expires_at as reservation_expires_at,"
            + " r.state as reservation_state"
            + " from " + LOCKED_CONNEXION
            + " left join lateral public.openai_usage_event_by_key(l.openai_connexion_id, $3) e on true"
            + " left join lateral public.openai_reservation_of(l.openai_connexion_id, $4) r on true"
            // priced as of the reservation's admission; without one, as of now
            + priceInEffectAt("$2", "coalesce(r.created_at, $5)") + MONTH_COST;

    /**
     * A usage's writes after the connexion's change ({@code change}, from parameter {@value #APPEND_PARAMETERS} + 1
     * on): the settled reservation, the month's exact total, the event.
     */
    private static final String APPEND = """
            , settled as (
              update public.openai_reservation set state = 'settled', settled_at = $5
               where reservation_id = $4 and openai_connexion_id = $1 and state = 'held'
              returning 1
            ), month as (
              insert into public.openai_month_cost (openai_connexion_id, reset_at, spent)
              select $1, $2, $14 where $2::timestamptz is not null
              on conflict (openai_connexion_id) do update set reset_at = excluded.reset_at, spent = excluded.spent
            )
            insert into public.openai_usage_event
                   (usage_event_id, openai_connexion_id, model, input_tokens, cached_input_tokens, output_tokens, cost,
                    reservation_id, idempotency_key, created_at, created_by, usage_day, upstream_request_id)
            select $3, $1, $6, $7, $12, $8, $9, $4, $10, $5, $11, $13, $15
             where exists (select 1 from change) and ($4::uuid is null or exists (select 1 from settled))""";
    private static final int APPEND_PARAMETERS = 15;

    private final PipelinedCallerTransactions lockingTransactions;
    private final StoredKeys openedKeys;
    private final StoredKeys deferredKeys;
    private final ConnexionWriteSql writes;
    private final ConnexionRowMapper connexions = new ConnexionRowMapperImpl();
    private final MeteringRowMapper rows = new MeteringRowMapperImpl();
    private final ZoneId zone;

    /**
     * @param maxAuditEntries how many entries each connexion's audit journal keeps (the latest)
     * @param zone            the quota zone, whose days the ledger's events are summed by
     * @param limits          how long and how many decisions may wait for a connexion
     */
    public R2dbcMeteringPersistenceAdapter(DatabaseClient database, ApiKeyCipher cipher, int maxAuditEntries, ZoneId zone,
                                           DecisionLimits limits) {
        this.lockingTransactions = new PipelinedCallerTransactions(database.getConnectionFactory(), limits);
        this.openedKeys = StoredKeys.opened(cipher);
        this.deferredKeys = StoredKeys.deferred(cipher);
        this.writes = new ConnexionWriteSql(openedKeys, maxAuditEntries);
        this.zone = zone;
    }

    // ------------------------------------------------------------------ authorizeRequest

    @Override
    public <E> Mono<Either<E, Authorization>> consumeQuota(
            Caller caller, QuotaRequest request, Function<Option<QuotaSnapshot>, Either<E, QuotaDecision>> decide) {
        if (caller.isGatewayKey() == request.connexionId().isDefined()) {
            throw new IllegalArgumentException("a gateway key's call names no connexion, any other call names one");
        }
        // A key's decisions wait for each other in this instance; the row lock orders them with everyone else's.
        Object gate = request.connexionId().<Object>map(ConnexionId::value).getOrElse(() -> caller.subject());
        String load = caller.isGatewayKey() ? AUTHORIZE_LOAD_OF_GATEWAY_KEY : AUTHORIZE_LOAD;
        return lockingTransactions.run(caller, gate, connection -> one(Binder.of(connection.createStatement(load))
                        .bind(0, request.connexionId().map(ConnexionId::value).getOrNull(), UUID.class)
                        .bind(1, request.model().value())
                        .bind(2, utc(request.at()))
                        .bind(3, request.idempotencyKey().value()), row -> quotaSnapshot(row, request))
                .flatMap(snapshot -> decide.apply(snapshot).fold(
                        error -> Mono.just(Either.<E, Authorization>left(error)),
                        decision -> write(connection, caller, request, snapshot.get().connexion(), decision)
                                .thenReturn(Either.<E, Authorization>right(decision.answer())))));
    }

    private QuotaSnapshot quotaSnapshot(Readable row, QuotaRequest request) {
        BigDecimal held = row.get("held_cost", BigDecimal.class);
        return new QuotaSnapshot(connexion(row, request.readsApiKey() ? openedKeys : deferredKeys), price(row), new Usd(held == null ? BigDecimal.ZERO : held),
                Option.of(AuthorizationRow.read(row, "previous_")).map(rows::toAuthorization));
    }

    private Mono<Void> write(Connection connection, Caller caller, QuotaRequest request, Connexion before,
                             QuotaDecision decision) {
        if (decision instanceof QuotaDecision.Admit admit) {
            ReservationRow reservation = rows.toRow(admit.reservation());
            AuthorizationRow answer = rows.toRow(admit.answer());
            return expectOneRow(withChange(connection, ADMIT, ADMIT_PARAMETERS, admit.write(), List.of(
                    before.id().value(),
                    reservation.reservationId(),
                    reservation.model(),
                    reservation.heldCost(),
                    reservation.expiresAt(),
                    utc(request.at()),
                    caller.subject(),
                    request.idempotencyKey().value(),
                    NullValue.orNull(answer.remainingRequests(), NullValue.INTEGER),
                    NullValue.orNull(answer.remainingBudget(), NullValue.NUMERIC))), "authorizeRequest admission");
        }
        if (decision instanceof QuotaDecision.Deny deny) {
            AuthorizationRow answer = rows.toRow(deny.answer());
            return expectOneRow(Binder.of(connection.createStatement(AUTHORIZE_DENY))
                    .bind(0, before.id().value())
                    .bind(1, request.idempotencyKey().value())
                    .bind(2, request.model().value())
                    .bind(3, answer.denialReason())
                    .bind(4, answer.remainingRequests(), Integer.class)
                    .bind(5, answer.remainingBudget(), BigDecimal.class)
                    .bind(6, utc(request.at()))
                    .bind(7, caller.subject()), "authorizeRequest denial");
        }
        return Mono.empty(); // a replay writes nothing
    }

    // ------------------------------------------------------------------ recordUsage

    @Override
    public Mono<Either<ApplicationError, UsageEvent>> appendUsage(
            Caller caller, UsageRequest request, Function<Option<UsageSnapshot>, Either<ApplicationError, UsageDecision>> decide) {
        return lockingTransactions.run(caller, request.connexionId(), connection -> one(Binder.of(connection.createStatement(USAGE_LOAD))
                        .bind(0, request.connexionId().value())
                        .bind(1, request.model().value())
                        .bind(2, request.idempotencyKey().value())
                        .bind(3, request.reservationId().map(id -> id.value()).getOrNull(), UUID.class)
                        .bind(4, utc(request.at())),
                        this::usageSnapshot)
                .flatMap(snapshot -> decide.apply(snapshot).fold(
                        error -> Mono.just(Either.<ApplicationError, UsageEvent>left(error)),
                        decision -> write(connection, decision)
                                .thenReturn(Either.<ApplicationError, UsageEvent>right(decision.event())))));
    }

    private UsageSnapshot usageSnapshot(Readable row) {
        return new UsageSnapshot(connexion(row, deferredKeys), price(row),
                Option.of(UsageEventRow.read(row, "previous_")).map(rows::toUsageEvent),
                Option.of(ReservationRow.read(row, "reservation_")).map(rows::toReservation));
    }

    private Mono<Void> write(Connection connection, UsageDecision decision) {
        if (!(decision instanceof UsageDecision.Append append)) {
            return Mono.empty(); // a replay writes nothing
        }
        UsageEventRow event = rows.toRow(append.event());
        Connexion after = append.connexion();
        return expectOneRow(withChange(connection, APPEND, APPEND_PARAMETERS, append.write(), List.of(
                event.openaiConnexionId(),
                NullValue.orNull(after.monthlyBudget().resetAt().map(R2dbcMeteringPersistenceAdapter::utc).getOrNull(),
                        NullValue.TIMESTAMP),
                event.usageEventId(),
                NullValue.orNull(event.reservationId(), NullValue.UUID),
                event.createdAt(),
                event.model(),
                event.inputTokens(),
                event.outputTokens(),
                event.cost(),
                event.idempotencyKey(),
                NullValue.orNull(event.createdBy(), NullValue.UUID),
                event.cachedInputTokens(),
                append.event().createdAt().atZone(zone).toLocalDate(),
                after.monthlyBudget().spent().amount(),
                NullValue.orNull(event.upstreamRequestId(), NullValue.TEXT))), "recordUsage");
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The locked connexion, its month's cost the exact total kept beside the seed's rounded column when that total is
     * of the same month ({@link MonthlyBudget#spentOf} decides whether it still counts).
     */
    private Connexion connexion(Readable row, StoredKeys keys) {
        ConnexionRow read = ConnexionRow.read(row);
        BigDecimal exact = row.get("month_spent", BigDecimal.class);
        OffsetDateTime exactMonth = row.get("month_reset_at", OffsetDateTime.class);
        Option<Usd> sameMonth = exact != null && read.openaiResetCoutAt() != null
                && exactMonth.toInstant().equals(read.openaiResetCoutAt().toInstant())
                ? Option.some(new Usd(exact)) : Option.none();
        Usd recorded = new Usd(read.openaiCoutActuelMois() == null ? BigDecimal.ZERO : read.openaiCoutActuelMois());
        ConnexionRow stored = read.withCoutActuelMois(MonthlyBudget.spentOf(recorded, sameMonth).amount());
        return Connexion.restore(connexions.toState(stored, keys)).getOrElseThrow(error -> new CorruptRowException(
                "openai_connexion row " + stored.openaiConnexionId() + " breaks a domain rule: " + error.message()));
    }

    private Option<ModelPrice> price(Readable row) {
        return Option.of(ModelPriceRow.read(row, "price_")).map(rows::toModelPrice);
    }

    /**
     * {@code with change as (the connexion's change), <rest>}: the change rendered under the row lock (nothing to
     * compare), its parameters after the rest's {@code restParameters}; an empty change is a row that writes nothing.
     */
    private Binder withChange(Connection connection, String rest, int restParameters, ConnexionWrite write,
                              List<Object> restBinds) {
        if (restBinds.size() != restParameters) {
            throw new IllegalArgumentException("expected " + restParameters + " parameters, got " + restBinds.size());
        }
        if (write.isEmpty()) {
            return Binder.of(connection.createStatement("with change as (select 1)" + rest)).bindAll(restBinds, 0);
        }
        ConnexionWriteSql.Statement change = writes.update(write, false, restParameters + 1, " returning 1");
        return Binder.of(connection.createStatement("with change as (" + change.sql() + ")" + rest))
                .bindAll(restBinds, 0)
                .bindAll(change.binds(), restParameters);
    }

    /** Runs a write that must insert exactly one row; anything else is a bug, and rolls the transaction back. */
    private static Mono<Void> expectOneRow(Binder write, String what) {
        return Flux.from(write.statement().execute()).flatMap(Result::getRowsUpdated).reduce(0L, Long::sum)
                .flatMap(count -> count == 1 ? Mono.<Void>empty()
                        : Mono.error(new IllegalStateException(what + " wrote " + count + " rows instead of 1")));
    }

    /** The statement's only row, read into T, or none. */
    private static <T> Mono<Option<T>> one(Binder query, Function<Readable, T> read) {
        return Flux.from(query.statement().execute()).flatMap(result -> result.map(read)).singleOrEmpty()
                .map(Option::some).defaultIfEmpty(Option.none());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
