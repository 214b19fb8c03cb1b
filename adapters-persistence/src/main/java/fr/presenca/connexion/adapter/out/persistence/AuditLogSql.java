package fr.presenca.connexion.adapter.out.persistence;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import fr.presenca.connexion.application.write.AuditEntry;

/**
 * Appends to {@code openai_audit_log} inside the statement that writes the change, so concurrent changes never lose
 * each other's entries. The journal is the object {@code {"entries": [...]}} (the seed's default is {@code {}});
 * other keys an adopted row may hold are kept, and only the latest N entries survive.
 */
final class AuditLogSql {

    /** Parameters per entry: at, by, action, fields, detail. */
    private static final int PER_ENTRY = 5;

    private AuditLogSql() {
    }

    /**
     * The SQL expression of the journal after appending {@code count} entries; its binds are {@link #appendBinds}
     * from parameter {@code first} (1-based).
     */
    static String appended(String column, int first, int count) {
        return "(case when jsonb_typeof(" + column + ") = 'object' then " + column + " else '{}'::jsonb end)"
                + " || jsonb_build_object('entries', (select coalesce(jsonb_agg(e order by n), '[]'::jsonb) from ("
                + " select e, n from jsonb_array_elements("
                + " (case when jsonb_typeof(" + column + " -> 'entries') = 'array' then " + column + " -> 'entries'"
                + " else '[]'::jsonb end) || " + entries(first, count) + ") with ordinality as t(e, n)"
                + " order by n desc limit $" + (first + PER_ENTRY * count) + ") kept))";
    }

    /** The journal of a new row: just these entries; binds {@link #entryBinds}. */
    static String initial(int first, int count) {
        return "jsonb_build_object('entries', " + entries(first, count) + ")";
    }

    private static String entries(int first, int count) {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int p = first + PER_ENTRY * i;
            entries.add("jsonb_strip_nulls(jsonb_build_object('at', $" + p + "::timestamptz, 'by', $" + (p + 1)
                    + "::uuid, 'action', $" + (p + 2) + "::text, 'fields', to_jsonb($" + (p + 3)
                    + "::text[]), 'detail', $" + (p + 4) + "::text))");
        }
        return "jsonb_build_array(" + String.join(", ", entries) + ")";
    }

    /** Each entry's at, by, action, fields, detail. */
    static List<Object> entryBinds(List<AuditEntry> entries) {
        List<Object> binds = new ArrayList<>(PER_ENTRY * entries.size());
        for (AuditEntry entry : entries) {
            binds.add(entry.at().atOffset(ZoneOffset.UTC));
            binds.add(entry.by());
            binds.add(entry.action());
            binds.add(entry.fields().toArray(String[]::new));
            binds.add(NullValue.orNull(entry.detail().getOrNull(), NullValue.TEXT));
        }
        return binds;
    }

    /** {@link #entryBinds}, then the journal's size limit. */
    static List<Object> appendBinds(List<AuditEntry> entries, int maxEntries) {
        List<Object> binds = entryBinds(entries);
        binds.add(maxEntries);
        return binds;
    }
}
