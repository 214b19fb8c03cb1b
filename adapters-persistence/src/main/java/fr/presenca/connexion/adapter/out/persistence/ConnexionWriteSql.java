package fr.presenca.connexion.adapter.out.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import fr.presenca.connexion.application.write.ConnexionWrite;
import fr.presenca.connexion.domain.connexion.ConnexionAttribute;
import fr.presenca.connexion.domain.connexion.ConnexionState;
import fr.presenca.connexion.domain.connexion.EmailAddress;
import fr.presenca.connexion.domain.connexion.OpenAiOrganisationId;
import fr.presenca.connexion.domain.connexion.OpenAiProjectId;

/**
 * The one translation of a {@link ConnexionWrite} into SQL, for the connexion and the metering adapters alike: each
 * {@link ConnexionAttribute} is bound to its columns in {@link #columns} (an exhaustive switch: an attribute added to
 * the domain does not compile until it is bound here), a write sets the columns of its changed attributes, compares
 * their expected stored values when asked, and appends its journal entries in the same statement. The audit stamps
 * belong to the triggers, the id and the organisation are written once, at insert.
 */
final class ConnexionWriteSql {

    /**
     * One column's new value ({@link NullValue} for a typed NULL), the cast of its parameter, and the expression of
     * its stored value as the domain reads it (a seed NULL reads as the default).
     */
    record Column(String name, Object value, String cast, String stored) {

        static Column of(String name, Object value, NullValue nullType) {
            return new Column(name, NullValue.orNull(value, nullType), "", name);
        }

        Column cast(String parameterCast) {
            return new Column(name, value, parameterCast, stored);
        }

        Column readAs(String storedExpression) {
            return new Column(name, value, cast, storedExpression);
        }
    }

    /** A statement's text and its bind values, in parameter order. */
    record Statement(String sql, List<Object> binds) {
    }

    private static final String JOURNAL = "openai_audit_log";

    private final PersistenceConversions conversions = new PersistenceConversions();
    private final StoredKeys keys;
    private final int maxAuditEntries;

    /** @param maxAuditEntries how many entries each connexion's audit journal keeps (the latest) */
    ConnexionWriteSql(StoredKeys keys, int maxAuditEntries) {
        if (maxAuditEntries < 1) {
            throw new IllegalArgumentException("maxAuditEntries must be at least 1");
        }
        this.keys = Objects.requireNonNull(keys, "keys");
        this.maxAuditEntries = maxAuditEntries;
    }

    /** The columns of one attribute with their values in {@code state}; the key is encrypted only here. */
    List<Column> columns(ConnexionAttribute attribute, ConnexionState state) {
        return switch (attribute) {
            case CLIENT_TYPE -> List.of(Column.of("client_type", state.clientType().code(), NullValue.TEXT));
            case CLIENT_ID -> List.of(Column.of("client_id", state.clientId().value(), NullValue.UUID));
            case ACCOUNT_EMAIL -> List.of(Column.of("openai_email_compte",
                    conversions.text(state.accountEmail().map(EmailAddress::value)), NullValue.TEXT));
            case OPENAI_ORGANISATION_ID -> List.of(Column.of("openai_organisation_id",
                    conversions.text(state.openaiOrganisationId().map(OpenAiOrganisationId::value)), NullValue.TEXT));
            case OPENAI_PROJECT_ID -> List.of(Column.of("openai_project_id",
                    conversions.text(state.openaiProjectId().map(OpenAiProjectId::value)), NullValue.TEXT));
            case DAILY_REQUEST_LIMIT -> List.of(Column.of("openai_limite_quotidienne",
                    conversions.count(state.dailyQuota().limit()), NullValue.INTEGER));
            case MONTHLY_COST_LIMIT -> List.of(Column.of("openai_limite_cout_mois",
                    conversions.amount(state.monthlyBudget().limit()), NullValue.NUMERIC));
            case ALLOWED_MODELS -> List.of(Column.of("openai_modeles_autorises",
                    state.allowedModels().names().toArray(String[]::new), NullValue.TEXT_ARRAY).cast("::text[]")
                    .readAs("coalesce(openai_modeles_autorises, '{}'::text[])"));
            case EXTENSIONS -> List.of(Column.of("openai_ia_extensions", state.extensions().json(), NullValue.TEXT)
                    .cast("::jsonb").readAs("coalesce(openai_ia_extensions, '{}'::jsonb)"));
            case API_KEY -> List.of(Column.of("openai_api_key", state.apiKey().map(keys::stored).getOrNull(),
                    NullValue.TEXT));
            case STATUS -> List.of(Column.of("openai_statut_connexion", conversions.code(state.status()), NullValue.TEXT),
                    Column.of("openai_actif", state.active(), NullValue.BOOLEAN)
                            .readAs("coalesce(openai_actif, false)"));
            case ACTIVATED_AT -> List.of(Column.of("openai_date_activation", conversions.timestamp(state.activatedAt()),
                    NullValue.TIMESTAMP));
            case LAST_SYNC_AT -> List.of(Column.of("openai_derniere_synchro", conversions.timestamp(state.lastSyncAt()),
                    NullValue.TIMESTAMP));
            case LAST_ERROR -> List.of(Column.of("openai_derniere_erreur", conversions.text(state.lastError()),
                    NullValue.TEXT));
            case DAILY_USAGE -> List.of(Column.of("openai_usage_quotidien", state.dailyQuota().usage(),
                            NullValue.INTEGER).readAs("coalesce(openai_usage_quotidien, 0)"),
                    Column.of("openai_reset_quota_at", conversions.timestamp(state.dailyQuota().resetAt()), NullValue.TIMESTAMP));
            // The seed's numeric(10,4) column holds the total rounded half-up; the exact one is openai_month_cost's.
            case MONTHLY_COST -> List.of(Column.of("openai_cout_actuel_mois",
                            state.monthlyBudget().spent().rounded().amount(), NullValue.NUMERIC)
                            .readAs("coalesce(openai_cout_actuel_mois, 0)"),
                    Column.of("openai_reset_cout_at", conversions.timestamp(state.monthlyBudget().resetAt()), NullValue.TIMESTAMP));
        };
    }

    /** A new connexion: its id, organisation, every attribute and its journal, returning {@code returning}. */
    Statement insert(ConnexionWrite write, String returning) {
        ConnexionState state = write.connexion().state();
        List<String> names = new ArrayList<>(List.of("openai_connexion_id", "organisation_id"));
        List<String> parameters = new ArrayList<>(List.of("$1", "$2"));
        List<Object> binds = new ArrayList<>(List.of(state.id().value(), state.organisationId().value()));
        for (ConnexionAttribute attribute : ConnexionAttribute.values()) {
            for (Column column : columns(attribute, state)) {
                binds.add(column.value());
                names.add(column.name());
                parameters.add("$" + binds.size() + column.cast());
            }
        }
        names.add(JOURNAL);
        parameters.add(AuditLogSql.initial(binds.size() + 1, write.entries().size()));
        binds.addAll(AuditLogSql.entryBinds(write.entries()));
        return new Statement("insert into openai_connexion (" + String.join(", ", names) + ") values ("
                + String.join(", ", parameters) + ")" + returning, binds);
    }

    /**
     * The UPDATE of the changed attributes and the appended journal, its parameters numbered from {@code first}
     * (1-based) so that it can be a part of a larger statement. With {@code compared}, it matches the row only if the
     * changed attributes still hold their expected values (the API key excepted: its stored form is ciphertext no two
     * writes share); under the connexion's row lock there is nothing to compare.
     */
    Statement update(ConnexionWrite write, boolean compared, int first, String returning) {
        if (write.isEmpty()) {
            throw new IllegalArgumentException("nothing to write");
        }
        List<Object> binds = new ArrayList<>(List.of(write.connexion().id().value()));
        List<String> assignments = new ArrayList<>();
        List<String> expectations = new ArrayList<>();
        for (ConnexionAttribute attribute : write.changed()) {
            for (Column column : columns(attribute, write.connexion().state())) {
                binds.add(column.value());
                assignments.add(column.name() + " = $" + (first + binds.size() - 1) + column.cast());
            }
        }
        if (compared) {
            for (ConnexionAttribute attribute : write.changed()) {
                if (attribute == ConnexionAttribute.API_KEY) {
                    continue;
                }
                for (Column column : columns(attribute, write.expected().state())) {
                    binds.add(column.value());
                    expectations.add(" and " + column.stored() + " is not distinct from $" + (first + binds.size() - 1)
                            + column.cast());
                }
            }
        }
        if (!write.entries().isEmpty()) {
            assignments.add(JOURNAL + " = " + AuditLogSql.appended(JOURNAL, first + binds.size(), write.entries().size()));
            binds.addAll(AuditLogSql.appendBinds(write.entries(), maxAuditEntries));
        }
        return new Statement("update openai_connexion set " + String.join(", ", assignments)
                + " where openai_connexion_id = $" + first + String.join("", expectations) + returning, binds);
    }
}
