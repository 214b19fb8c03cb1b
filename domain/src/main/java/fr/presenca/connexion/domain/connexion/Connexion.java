package fr.presenca.connexion.domain.connexion;

import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.DomainError.IllegalTransition;
import fr.presenca.connexion.domain.DomainError.InconsistentState;
import fr.presenca.connexion.domain.DomainError.InvalidField;
import fr.presenca.connexion.domain.cost.MonthlyBudget;
import fr.presenca.connexion.domain.cost.Usd;
import fr.presenca.connexion.domain.policy.Admission;
import fr.presenca.connexion.domain.policy.AdmissionPolicies;
import fr.presenca.connexion.domain.policy.AdmissionPolicy;
import fr.presenca.connexion.domain.policy.AdmissionRequest;
import fr.presenca.connexion.domain.policy.Denial;
import fr.presenca.connexion.domain.policy.DenialReason;
import fr.presenca.connexion.domain.quota.DailyQuota;
import io.vavr.control.Either;
import io.vavr.control.Option;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The aggregate: one tenant's OpenAI connexion. Immutable; every command returns a new instance
 * with the event it caused, or a {@link DomainError}. Time and the reset zone are parameters.
 *
 * <h2>Lifecycle (also in domain/README.md)</h2>
 * <pre>
 * from \ command  | activate      | deactivate | recordFailure | markExpired | automatic
 * ----------------+---------------+------------+---------------+-------------+-------------------------------
 * ACTIVE          | illegal       | INACTIVE   | ERROR         | EXPIRED     | QUOTA_EXCEEDED when exhausted
 * QUOTA_EXCEEDED  | illegal       | INACTIVE   | ERROR         | EXPIRED     | ACTIVE when the cause has ended
 * ERROR           | ACTIVE or QE* | INACTIVE   | ERROR (new    | EXPIRED     | -
 *                 |               |            |  message)     |             |
 * EXPIRED         | ACTIVE or QE* | INACTIVE   | illegal       | illegal     | -
 * INACTIVE        | ACTIVE or QE* | illegal    | illegal       | illegal     | -
 * </pre>
 * QE*: QUOTA_EXCEEDED when the quota or budget is still used up. Activating a serving connexion is
 * illegal rather than idempotent so that a caller learns nothing happened. update, API-key
 * commands and recordSync are allowed in every status; counters reset in every status, but only
 * ACTIVE and QUOTA_EXCEEDED switch between each other automatically. active=false ⇔ INACTIVE.
 */
public final class Connexion {

    /** Longest stored error or deactivation message; longer ones are cut (OpenAI errors can be long). */
    public static final int MAX_MESSAGE_LENGTH = 2000;

    private static final Set<ConnexionStatus> ACTIVATABLE =
            EnumSet.of(ConnexionStatus.INACTIVE, ConnexionStatus.ERROR, ConnexionStatus.EXPIRED);
    private static final Set<ConnexionStatus> DEACTIVATABLE = EnumSet.complementOf(EnumSet.of(ConnexionStatus.INACTIVE));
    private static final Set<ConnexionStatus> FAILABLE =
            EnumSet.of(ConnexionStatus.ACTIVE, ConnexionStatus.QUOTA_EXCEEDED, ConnexionStatus.ERROR);
    private static final Set<ConnexionStatus> EXPIRABLE =
            EnumSet.of(ConnexionStatus.ACTIVE, ConnexionStatus.QUOTA_EXCEEDED, ConnexionStatus.ERROR);

    private final ConnexionState state;

    private Connexion(ConnexionState state) {
        this.state = state;
    }

    // ---------------------------------------------------------------- creation and restoration

    /**
     * A new connexion with the seed defaults: client type reseau, active, status ACTIVE (or
     * QUOTA_EXCEEDED for a limit of 0), nothing used, models gpt-3.5-turbo and gpt-4, unlimited
     * quota and budget, counters resetting at the next local midnight / first of next month,
     * extensions and audit log "{}".
     */
    public static Either<DomainError, Transition> create(ConnexionId id, NewConnexion request, Instant now, ZoneId zone) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(zone, "zone");
        return request.problems().<Either<DomainError, Transition>>map(Either::left).getOrElse(() -> {
            DailyQuota quota = DailyQuota.fresh(request.dailyRequestLimit(), now, zone);
            MonthlyBudget budget = MonthlyBudget.fresh(request.monthlyCostLimit(), now, zone);
            ConnexionStatus status = servingStatus(quota, budget);
            ConnexionState state = new ConnexionState(id, request.organisationId(),
                    request.clientType().getOrElse(ClientType.DEFAULT), request.clientId(), request.apiKey(),
                    request.accountEmail(), request.openaiOrganisationId(), request.openaiProjectId(),
                    true, now, Option.none(), status, Option.none(), quota,
                    request.allowedModels().getOrElse(AllowedModels::seedDefault), budget,
                    AuditStamp.createdAt(now, request.createdBy()), JsonDocument.emptyObject(),
                    request.extensions().getOrElse(JsonDocument::emptyObject));
            return Either.right(Transition.created(new Connexion(state), new ConnexionEvent.Created(id, now,
                    state.organisationId(), state.clientType(), state.clientId(), status)));
        });
    }

    /**
     * A connexion from stored state. Each component is already a valid value; this checks what ties
     * them together. Counters past their reset instant are accepted as they are: {@link #refresh}
     * (or any command given an instant) applies the reset.
     */
    public static Either<DomainError, Connexion> restore(ConnexionState state) {
        Objects.requireNonNull(state, "state");
        if (state.active() == (state.status() == ConnexionStatus.INACTIVE)) {
            return Either.left(new InconsistentState("active is " + state.active() + " but status is "
                    + state.status().code() + " (active must be false exactly when status is inactive)"));
        }
        return Either.right(new Connexion(state));
    }

    // ---------------------------------------------------------------- editable fields

    /**
     * A partial change of the editable fields, and the API key when one is given (listed among the changed fields,
     * never its value). Changing a limit applies any due reset first and may switch ACTIVE ⇄ QUOTA_EXCEEDED; other
     * edits leave the counters and the status as stored, so that they never race the metering's writes.
     */
    public Either<DomainError, Transition> update(ConnexionChanges changes, Option<ApiKey> apiKey, Instant at, ZoneId zone) {
        Objects.requireNonNull(changes, "changes");
        Objects.requireNonNull(apiKey, "apiKey");
        return changes.problems().<Either<DomainError, Transition>>map(Either::left).getOrElse(() -> {
            Option<Integer> dailyLimit = changes.dailyRequestLimit().applyTo(state.dailyQuota().limit());
            Option<Usd> monthlyLimit = changes.monthlyCostLimit().applyTo(state.monthlyBudget().limit());
            boolean limitsChange = !dailyLimit.equals(state.dailyQuota().limit())
                    || !monthlyLimit.equals(state.monthlyBudget().limit());
            ConnexionState current = limitsChange ? evolvedTo(at, zone).state : state;
            ConnexionState next = current
                    .withIdentity(changes.clientType().getOrElse(current.clientType()),
                            changes.clientId().getOrElse(current.clientId()),
                            changes.accountEmail().applyTo(current.accountEmail()),
                            changes.openaiOrganisationId().applyTo(current.openaiOrganisationId()),
                            changes.openaiProjectId().applyTo(current.openaiProjectId()),
                            changes.allowedModels().getOrElse(current.allowedModels()),
                            changes.extensions().getOrElse(current.extensions()))
                    .withApiKey(apiKey.orElse(current.apiKey()));
            Option<ConnexionEvent> statusMove = Option.none();
            if (limitsChange) {
                DailyQuota quota = current.dailyQuota().withLimit(dailyLimit);
                MonthlyBudget budget = current.monthlyBudget().withLimit(monthlyLimit);
                next = next.withCounters(quota, budget).withStatus(automaticStatus(next.status(), next.lastError(), quota, budget));
                // journalled as metering journals the same move
                statusMove = automaticEvent(status(), next.status(), at, quota, budget);
            }
            Connexion updated = new Connexion(next);
            List<String> fields = new ArrayList<>();
            for (ConnexionAttribute attribute : ConnexionAttribute.changedBetween(state, next)) {
                if (attribute.isEdit()) {
                    fields.add(attribute.field());
                }
            }
            if (apiKey.isDefined() && !fields.contains(ConnexionAttribute.API_KEY.field())) {
                fields.add(ConnexionAttribute.API_KEY.field()); // the same key again: still the caller's change
            }
            return Either.right(Transition.of(this, updated, statusMove.toList()
                    .prepend(new ConnexionEvent.Updated(id(), at, fields, status(), next.status())).toJavaList()));
        });
    }

    public Either<DomainError, Transition> withApiKey(ApiKey apiKey, Instant at) {
        Objects.requireNonNull(apiKey, "apiKey");
        return Either.right(changed(new Connexion(state.withApiKey(Option.some(apiKey))),
                new ConnexionEvent.ApiKeySet(id(), at, apiKey.hint(), status())));
    }

    /** Idempotent: clearing an absent key is still journalled, with who cleared it and when. */
    public Either<DomainError, Transition> withoutApiKey(Instant at) {
        return Either.right(changed(new Connexion(state.withApiKey(Option.none())),
                new ConnexionEvent.ApiKeyCleared(id(), at, status())));
    }

    /** A successful synchronisation with OpenAI (lastSyncAt); does not change the status: activate does. */
    public Either<DomainError, Transition> recordSync(Instant at) {
        Objects.requireNonNull(at, "at");
        return Either.right(changed(new Connexion(state.withLastSyncAt(at)), new ConnexionEvent.Synced(id(), at, status())));
    }

    /**
     * OpenAI accepted the stored key (verifyConnexion): lastSyncAt, and a status that OpenAI's answers had set - EXPIRED,
     * ERROR, or QUOTA_EXCEEDED from OpenAI - lifted to what the counters say (ACTIVE, or QUOTA_EXCEEDED when used up),
     * lastError cleared. INACTIVE stays INACTIVE: only activate serves again.
     */
    public Either<DomainError, Transition> verified(Instant at, ZoneId zone) {
        Objects.requireNonNull(at, "at");
        boolean setByOpenAi = status() == ConnexionStatus.EXPIRED || status() == ConnexionStatus.ERROR || quotaExceededAtOpenAi();
        if (!setByOpenAi) {
            return recordSync(at);
        }
        ConnexionState counted = evolvedTo(at, zone).state;
        ConnexionStatus next = servingStatus(counted.dailyQuota(), counted.monthlyBudget());
        ConnexionState lifted = counted.withLifecycle(next, state.activatedAt(), Option.none()).withLastSyncAt(at);
        return Either.right(changed(new Connexion(lifted), new ConnexionEvent.Synced(id(), at, next)));
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * INACTIVE, ERROR, EXPIRED or QUOTA_EXCEEDED set from OpenAI's answer → ACTIVE (QUOTA_EXCEEDED if still used
     * up); sets activatedAt, clears lastError.
     */
    public Either<DomainError, Transition> activate(Instant at, ZoneId zone) {
        if (!ACTIVATABLE.contains(status()) && !quotaExceededAtOpenAi()) {
            return illegal("activate");
        }
        ConnexionState counted = evolvedTo(at, zone).state;
        ConnexionStatus next = servingStatus(counted.dailyQuota(), counted.monthlyBudget());
        return Either.right(changed(new Connexion(counted.withLifecycle(next, at, Option.none())),
                new ConnexionEvent.Activated(id(), at, status(), next)));
    }

    /** Any status but INACTIVE → INACTIVE (active=false). The last error is kept for the record. */
    public Either<DomainError, Transition> deactivate(Option<String> reason, Instant at) {
        Objects.requireNonNull(reason, "reason");
        if (!DEACTIVATABLE.contains(status())) {
            return illegal("deactivate");
        }
        Option<String> cleaned = reason.map(this::safeMessage).filter(r -> !r.isEmpty());
        return Either.right(changed(new Connexion(state.withStatus(ConnexionStatus.INACTIVE)),
                new ConnexionEvent.Deactivated(id(), at, status(), cleaned)));
    }

    /**
     * ACTIVE, QUOTA_EXCEEDED or ERROR → ERROR with lastError = message (the connexion's own key is
     * redacted from it: OpenAI error messages may quote it).
     */
    public Either<DomainError, Transition> recordFailure(String message, Instant at) {
        if (message == null || message.isBlank()) {
            return Either.left(InvalidField.of("message", "must not be blank"));
        }
        if (!FAILABLE.contains(status())) {
            return illegal("record a failure on");
        }
        String cleaned = safeMessage(message);
        return Either.right(changed(new Connexion(state.withLifecycle(ConnexionStatus.ERROR, state.activatedAt(),
                Option.some(cleaned))), new ConnexionEvent.FailureRecorded(id(), at, status(), cleaned)));
    }

    /** ACTIVE, QUOTA_EXCEEDED or ERROR → EXPIRED: OpenAI reports the key revoked. */
    public Either<DomainError, Transition> markExpired(Instant at) {
        if (!EXPIRABLE.contains(status())) {
            return illegal("mark expired");
        }
        return Either.right(changed(new Connexion(state.withStatus(ConnexionStatus.EXPIRED)),
                new ConnexionEvent.Expired(id(), at, status())));
    }

    /** As {@link #markExpired(Instant)}, keeping OpenAI's answer in lastError (the key redacted from it). */
    public Either<DomainError, Transition> markExpired(String message, Instant at) {
        if (message == null || message.isBlank()) {
            return Either.left(InvalidField.of("message", "must not be blank"));
        }
        return markExpired(at).map(expired -> changed(new Connexion(state.withLifecycle(ConnexionStatus.EXPIRED,
                state.activatedAt(), Option.some(safeMessage(message)))), expired.event()));
    }

    /**
     * ACTIVE, QUOTA_EXCEEDED or ERROR → QUOTA_EXCEEDED with lastError = message: OpenAI reports the account's
     * quota or credit used up. Stays through daily resets and new months ({@link #quotaExceededAtOpenAi}).
     */
    public Either<DomainError, Transition> markQuotaExceededAtOpenAi(String message, Instant at) {
        if (message == null || message.isBlank()) {
            return Either.left(InvalidField.of("message", "must not be blank"));
        }
        if (!FAILABLE.contains(status()) || quotaExceededAtOpenAi()) {
            return illegal("mark OpenAI's quota exceeded on");
        }
        String cleaned = safeMessage(message);
        return Either.right(changed(new Connexion(state.withLifecycle(ConnexionStatus.QUOTA_EXCEEDED,
                state.activatedAt(), Option.some(cleaned))), new ConnexionEvent.QuotaExceededAtOpenAi(id(), at, status(), cleaned)));
    }

    /**
     * QUOTA_EXCEEDED set from OpenAI's answer rather than by this service's counters: the automatic status
     * leaves it alone. Counters never set lastError (activate clears it), so a QUOTA_EXCEEDED that has one
     * came from OpenAI.
     */
    public boolean quotaExceededAtOpenAi() {
        return status() == ConnexionStatus.QUOTA_EXCEEDED && state.lastError().isDefined();
    }

    // ---------------------------------------------------------------- quota and budget

    /**
     * Decides a request and, when allowed, counts it: applies any due reset, evaluates {@code policy} followed by
     * those of {@link AdmissionPolicies#invariants()} it does not already hold ({@link AdmissionPolicies#guarded}),
     * so that no configured composition can take the counters past their limits; usage + 1, and QUOTA_EXCEEDED when
     * this request used up the day. The estimated cost is returned as a hold, not added to the cost. A refusal
     * carries what is left as of the request's instant.
     */
    public Either<Refused, Admitted> decide(AdmissionRequest request, AdmissionPolicy policy) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(policy, "policy");
        Connexion current = evolvedTo(request.at(), request.zone());
        DailyQuota counted = current.state.dailyQuota();
        MonthlyBudget budget = current.state.monthlyBudget();
        Either<Denial, Admission> consent = AdmissionPolicies.guarded(policy).evaluate(current, request);
        Option<DailyQuota> consumed = consent.isRight() ? counted.consumeOne() : Option.none();
        if (consumed.isEmpty()) {
            Denial denial = consent.fold(d -> d, admission -> new Denial(DenialReason.DAILY_QUOTA_EXCEEDED,
                    "the daily limit is used up"));
            return Either.left(new Refused(denial, counted.remaining(), budget.remaining(request.heldByReservations())));
        }
        DailyQuota quota = consumed.get();
        ConnexionStatus status = automaticStatus(current.status(), current.state.lastError(), quota, budget);
        Connexion next = new Connexion(current.state.withCounters(quota, budget).withStatus(status));
        Usd hold = request.estimatedHold();
        return Either.right(new Admitted(Transition.of(this, next, automaticEvent(status(), status, request.at(), quota, budget).toJavaList()),
                consent.get(), hold, budget.remaining(request.heldByReservations().plus(hold))));
    }

    /** As {@link #decide}, the refusal reduced to its reason. */
    public Either<Denial, Admitted> admit(AdmissionRequest request, AdmissionPolicy policy) {
        return decide(request, policy).mapLeft(Refused::denial);
    }

    /**
     * Adds the exact cost of a completed call to this month's cost (after any due roll-over). Never
     * refused, whatever the status: the money is spent. May switch to QUOTA_EXCEEDED.
     */
    public Outcome recordUsage(Usd cost, Instant at, ZoneId zone) {
        Objects.requireNonNull(cost, "cost");
        Connexion current = evolvedTo(at, zone);
        MonthlyBudget budget = current.state.monthlyBudget().plus(cost);
        DailyQuota quota = current.state.dailyQuota();
        ConnexionStatus status = automaticStatus(current.status(), current.state.lastError(), quota, budget);
        Connexion next = new Connexion(current.state.withCounters(quota, budget).withStatus(status));
        return new Outcome(Transition.of(this, next, automaticEvent(status(), status, at, quota, budget).toJavaList()));
    }

    /**
     * Applies due resets: usage back to 0 after local midnight, cost back to 0 on a new month, and
     * QUOTA_EXCEEDED ⇄ ACTIVE when the cause ended or appeared. Unchanged when nothing is due.
     */
    public Outcome refresh(Instant at, ZoneId zone) {
        Connexion next = evolvedTo(at, zone);
        return new Outcome(Transition.of(this, next, automaticEvent(status(), next.status(), at,
                next.state.dailyQuota(), next.state.monthlyBudget()).toJavaList()));
    }

    /** What makes this connexion used up right now, daily quota first; None when neither is. */
    public Option<Exhaustion> exhaustion() {
        return exhaustion(state.dailyQuota(), state.monthlyBudget());
    }

    // ---------------------------------------------------------------- accessors

    public ConnexionState state() {
        return state;
    }

    public ConnexionId id() {
        return state.id();
    }

    public OrganisationId organisationId() {
        return state.organisationId();
    }

    public ClientType clientType() {
        return state.clientType();
    }

    public ClientId clientId() {
        return state.clientId();
    }

    public Option<ApiKey> apiKey() {
        return state.apiKey();
    }

    public Option<String> apiKeyHint() {
        return state.apiKey().map(ApiKey::hint);
    }

    public Option<EmailAddress> accountEmail() {
        return state.accountEmail();
    }

    public Option<OpenAiOrganisationId> openaiOrganisationId() {
        return state.openaiOrganisationId();
    }

    public Option<OpenAiProjectId> openaiProjectId() {
        return state.openaiProjectId();
    }

    public boolean active() {
        return state.active();
    }

    public Instant activatedAt() {
        return state.activatedAt();
    }

    public Option<Instant> lastSyncAt() {
        return state.lastSyncAt();
    }

    public ConnexionStatus status() {
        return state.status();
    }

    public Option<String> lastError() {
        return state.lastError();
    }

    public DailyQuota dailyQuota() {
        return state.dailyQuota();
    }

    public AllowedModels allowedModels() {
        return state.allowedModels();
    }

    public MonthlyBudget monthlyBudget() {
        return state.monthlyBudget();
    }

    public AuditStamp audit() {
        return state.audit();
    }

    public JsonDocument auditLog() {
        return state.auditLog();
    }

    public JsonDocument extensions() {
        return state.extensions();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Connexion && state.equals(((Connexion) other).state);
    }

    @Override
    public int hashCode() {
        return state.hashCode();
    }

    /** Identity and status only; the key appears as its hint at most. */
    @Override
    public String toString() {
        return "Connexion[id=" + id() + ", organisationId=" + organisationId() + ", status=" + status().code()
                + ", apiKey=" + apiKeyHint().getOrElse("none") + "]";
    }

    // ---------------------------------------------------------------- internals

    /** This command's change: from this connexion to {@code next}. */
    private Transition changed(Connexion next, ConnexionEvent event) {
        return Transition.of(this, next, event);
    }

    /** Counters as they stand at {@code at}, and the serving status that follows from them. */
    private Connexion evolvedTo(Instant at, ZoneId zone) {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(zone, "zone");
        DailyQuota quota = state.dailyQuota().at(at, zone);
        MonthlyBudget budget = state.monthlyBudget().at(at, zone);
        ConnexionStatus status = automaticStatus(status(), state.lastError(), quota, budget);
        if (quota.equals(state.dailyQuota()) && budget.equals(state.monthlyBudget()) && status == status()) {
            return this;
        }
        return new Connexion(state.withCounters(quota, budget).withStatus(status));
    }

    /** Only ACTIVE and QUOTA_EXCEEDED move automatically; ERROR, EXPIRED and INACTIVE wait for a command. */
    private static ConnexionStatus automaticStatus(ConnexionStatus current, Option<String> lastError, DailyQuota quota,
                                                  MonthlyBudget budget) {
        boolean setByOpenAi = current == ConnexionStatus.QUOTA_EXCEEDED && lastError.isDefined();
        return current.isServing() && !setByOpenAi ? servingStatus(quota, budget) : current;
    }

    private static ConnexionStatus servingStatus(DailyQuota quota, MonthlyBudget budget) {
        return exhaustion(quota, budget).isDefined() ? ConnexionStatus.QUOTA_EXCEEDED : ConnexionStatus.ACTIVE;
    }

    private static Option<Exhaustion> exhaustion(DailyQuota quota, MonthlyBudget budget) {
        if (quota.exhausted()) {
            return Option.some(Exhaustion.DAILY_QUOTA);
        }
        return budget.exhausted() ? Option.some(Exhaustion.MONTHLY_BUDGET) : Option.none();
    }

    private Option<ConnexionEvent> automaticEvent(ConnexionStatus from, ConnexionStatus to, Instant at,
                                                  DailyQuota quota, MonthlyBudget budget) {
        if (from == to) {
            return Option.none();
        }
        if (to == ConnexionStatus.QUOTA_EXCEEDED) {
            return Option.some(new ConnexionEvent.QuotaExceeded(id(), at, exhaustion(quota, budget).get()));
        }
        return Option.some(new ConnexionEvent.QuotaRestored(id(), at));
    }

    private <T> Either<DomainError, T> illegal(String command) {
        return Either.left(new IllegalTransition(status(), command));
    }

    /** Trimmed, the key redacted, cut to a storable length. */
    private String safeMessage(String message) {
        String redacted = state.apiKey().fold(message::trim, key -> key.redact(message).trim());
        return redacted.length() <= MAX_MESSAGE_LENGTH ? redacted : redacted.substring(0, MAX_MESSAGE_LENGTH - 1) + "…";
    }
}
