package fr.presenca.connexion.domain.connexion;

import io.vavr.control.Option;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What happened to a connexion, one event per command or automatic status change. Consumed by the
 * application for the audit log and for subscriptions. Events never carry the API key (only its hint).
 */
public sealed interface ConnexionEvent {

    ConnexionId connexionId();

    Instant at();

    /** The status after the event. */
    ConnexionStatus status();

    /** A stable snake_case name for logs and subscriptions, e.g. "quota_exceeded". */
    String type();

    record Created(ConnexionId connexionId, Instant at, OrganisationId organisationId, ClientType clientType,
                   ClientId clientId, ConnexionStatus status) implements ConnexionEvent {
        public Created {
            requireAll(connexionId, at, organisationId, clientType, clientId, status);
        }

        @Override
        public String type() {
            return "created";
        }
    }

    /** Editable fields changed; {@code changedFields} are GraphQL field names, only those whose value differs. */
    record Updated(ConnexionId connexionId, Instant at, List<String> changedFields, ConnexionStatus from,
                   ConnexionStatus status) implements ConnexionEvent {
        public Updated {
            requireAll(connexionId, at, changedFields, from, status);
            changedFields = List.copyOf(changedFields);
        }

        @Override
        public String type() {
            return "updated";
        }
    }

    record ApiKeySet(ConnexionId connexionId, Instant at, String hint, ConnexionStatus status) implements ConnexionEvent {
        public ApiKeySet {
            requireAll(connexionId, at, hint, status);
        }

        @Override
        public String type() {
            return "api_key_set";
        }
    }

    record ApiKeyCleared(ConnexionId connexionId, Instant at, ConnexionStatus status) implements ConnexionEvent {
        public ApiKeyCleared {
            requireAll(connexionId, at, status);
        }

        @Override
        public String type() {
            return "api_key_cleared";
        }
    }

    record Synced(ConnexionId connexionId, Instant at, ConnexionStatus status) implements ConnexionEvent {
        public Synced {
            requireAll(connexionId, at, status);
        }

        @Override
        public String type() {
            return "synced";
        }
    }

    record Activated(ConnexionId connexionId, Instant at, ConnexionStatus from, ConnexionStatus status)
            implements ConnexionEvent {
        public Activated {
            requireAll(connexionId, at, from, status);
        }

        @Override
        public String type() {
            return "activated";
        }
    }

    record Deactivated(ConnexionId connexionId, Instant at, ConnexionStatus from, Option<String> reason)
            implements ConnexionEvent {
        public Deactivated {
            requireAll(connexionId, at, from, reason);
        }

        @Override
        public ConnexionStatus status() {
            return ConnexionStatus.INACTIVE;
        }

        @Override
        public String type() {
            return "deactivated";
        }
    }

    record FailureRecorded(ConnexionId connexionId, Instant at, ConnexionStatus from, String message)
            implements ConnexionEvent {
        public FailureRecorded {
            requireAll(connexionId, at, from, message);
        }

        @Override
        public ConnexionStatus status() {
            return ConnexionStatus.ERROR;
        }

        @Override
        public String type() {
            return "failure_recorded";
        }
    }

    record Expired(ConnexionId connexionId, Instant at, ConnexionStatus from) implements ConnexionEvent {
        public Expired {
            requireAll(connexionId, at, from);
        }

        @Override
        public ConnexionStatus status() {
            return ConnexionStatus.EXPIRED;
        }

        @Override
        public String type() {
            return "expired";
        }
    }

    /**
     * OpenAI answered that the account's own quota or credit is used up (insufficient_quota): QUOTA_EXCEEDED
     * with OpenAI's message in lastError, which no daily reset lifts (only activate or a successful verification).
     */
    record QuotaExceededAtOpenAi(ConnexionId connexionId, Instant at, ConnexionStatus from, String message)
            implements ConnexionEvent {
        public QuotaExceededAtOpenAi {
            requireAll(connexionId, at, from, message);
        }

        @Override
        public ConnexionStatus status() {
            return ConnexionStatus.QUOTA_EXCEEDED;
        }

        @Override
        public String type() {
            return "openai_quota_exceeded";
        }
    }

    /** Automatic ACTIVE → QUOTA_EXCEEDED. */
    record QuotaExceeded(ConnexionId connexionId, Instant at, Exhaustion cause) implements ConnexionEvent {
        public QuotaExceeded {
            requireAll(connexionId, at, cause);
        }

        @Override
        public ConnexionStatus status() {
            return ConnexionStatus.QUOTA_EXCEEDED;
        }

        @Override
        public String type() {
            return "quota_exceeded";
        }
    }

    /** Automatic QUOTA_EXCEEDED → ACTIVE: a daily reset, a new month or a raised limit ended the cause. */
    record QuotaRestored(ConnexionId connexionId, Instant at) implements ConnexionEvent {
        public QuotaRestored {
            requireAll(connexionId, at);
        }

        @Override
        public ConnexionStatus status() {
            return ConnexionStatus.ACTIVE;
        }

        @Override
        public String type() {
            return "quota_restored";
        }
    }

    private static void requireAll(Object... values) {
        for (Object value : values) {
            Objects.requireNonNull(value, "event fields must not be null");
        }
    }
}
