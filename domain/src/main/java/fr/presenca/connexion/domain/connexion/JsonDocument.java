package fr.presenca.connexion.domain.connexion;

import java.util.Objects;

/**
 * JSON text the domain carries without interpreting (openai_audit_log, openai_ia_extensions):
 * their structure belongs to the adapters and to the clients, not to the connexion's rules.
 */
public record JsonDocument(String json) {

    private static final JsonDocument EMPTY_OBJECT = new JsonDocument("{}");

    public JsonDocument {
        Objects.requireNonNull(json, "json");
    }

    /** The seed's column default. */
    public static JsonDocument emptyObject() {
        return EMPTY_OBJECT;
    }

    /** A shallow check only (no parsing): enough to reject an obvious non-object for an input field. */
    public boolean looksLikeObject() {
        String trimmed = json.trim();
        return trimmed.startsWith("{") && trimmed.endsWith("}");
    }

    @Override
    public String toString() {
        return json;
    }
}
