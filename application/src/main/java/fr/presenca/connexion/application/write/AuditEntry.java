package fr.presenca.connexion.application.write;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import fr.presenca.connexion.domain.connexion.ConnexionEvent;
import io.vavr.control.Option;

/**
 * One line of a connexion's audit journal: who did what, when, to which fields. It never holds the API key,
 * only the fact that the key changed.
 */
public record AuditEntry(Instant at, UUID by, String action, List<String> fields, Option<String> detail) {

    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(action, "action");
        fields = List.copyOf(fields);
        Objects.requireNonNull(detail, "detail");
    }

    public static AuditEntry of(ConnexionEvent event, UUID by) {
        return new AuditEntry(event.at(), by, event.type(), fieldsOf(event), detailOf(event));
    }

    private static List<String> fieldsOf(ConnexionEvent event) {
        if (event instanceof ConnexionEvent.Updated updated) {
            return updated.changedFields();
        }
        if (event instanceof ConnexionEvent.ApiKeySet || event instanceof ConnexionEvent.ApiKeyCleared) {
            return List.of("apiKey");
        }
        if (event instanceof ConnexionEvent.Created) {
            return List.of();
        }
        return List.of("status");
    }

    private static Option<String> detailOf(ConnexionEvent event) {
        if (event instanceof ConnexionEvent.Deactivated deactivated) {
            return deactivated.reason();
        }
        if (event instanceof ConnexionEvent.FailureRecorded failure) {
            return Option.of(failure.message());
        }
        if (event instanceof ConnexionEvent.QuotaExceededAtOpenAi exceeded) {
            return Option.of(exceeded.message());
        }
        if (event instanceof ConnexionEvent.QuotaExceeded exceeded) {
            return Option.of(exceeded.cause().name());
        }
        return Option.none();
    }
}
