package fr.presenca.connexion.adapter.out.persistence;

import java.time.ZoneOffset;
import java.util.List;

import fr.presenca.connexion.application.port.out.AuditEntry;

/**
 * Appends to {@code openai_audit_log} inside the UPDATE itself, so concurrent changes never lose each other's
 * entries. The journal is the object {@code {"entries": [...]}} (the seed's default is {@code {}}); other keys
 * an adopted row may hold are kept, and only the latest N entries survive.
 */
final class AuditLogSql {

    private AuditLogSql() {
    }

    /** The SQL expression of the journal after appending; its binds are {@link #binds} from {@code first}. */
    static String appended(String column, int first) {
        return "(case when jsonb_typeof(" + column + ") = 'object' then " + column + " else '{}'::jsonb end)"
                + " || jsonb_build_object('entries', (select coalesce(jsonb_agg(e order by n), '[]'::jsonb) from ("
                + " select e, n from jsonb_array_elements("
                + " (case when jsonb_typeof(" + column + " -> 'entries') = 'array' then " + column + " -> 'entries'"
                + " else '[]'::jsonb end) || jsonb_build_array(" + entry(first) + ")) with ordinality as t(e, n)"
                + " order by n desc limit $" + (first + 5) + ") kept))";
    }

    /** The journal of a new row: just this entry. */
    static String initial(int first) {
        return "jsonb_build_object('entries', jsonb_build_array(" + entry(first) + "))";
    }

    private static String entry(int first) {
        return "jsonb_strip_nulls(jsonb_build_object('at', $" + first + "::timestamptz, 'by', $" + (first + 1)
                + "::uuid, 'action', $" + (first + 2) + "::text, 'fields', to_jsonb($" + (first + 3)
                + "::text[]), 'detail', $" + (first + 4) + "::text))";
    }

    /** at, by, action, fields, detail, then the journal's size limit (used by {@link #appended} only). */
    static List<Object> binds(AuditEntry entry, int maxEntries) {
        return List.of(entry.at().atOffset(ZoneOffset.UTC), entry.by(), entry.action(),
                entry.fields().toArray(String[]::new), NullValue.orNull(entry.detail().getOrNull(), NullValue.TEXT), maxEntries);
    }
}
