package fr.presenca.connexion.adapter.out.persistence;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The columns of {@code openai_connexion} that the service writes. The audit columns belong to the triggers,
 * the journal to {@link AuditLogSql}; the id and the organisation never change after insert.
 */
final class ConnexionColumns {

    /** One writable column: how to read it off a row, how to type its NULL and its parameter. */
    record Column(String name, Function<ConnexionRow, Object> value, NullValue nullType, String cast,
                  boolean updatable) {

        Object bindValue(ConnexionRow row) {
            return NullValue.orNull(value.apply(row), nullType);
        }

        String parameter(int index) {
            return "$" + index + cast;
        }

        boolean differs(ConnexionRow before, ConnexionRow after) {
            Object a = value.apply(before);
            Object b = value.apply(after);
            if (a == null || b == null) {
                return a != b;
            }
            if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
                return x.compareTo(y) != 0;
            }
            if (a instanceof OffsetDateTime x && b instanceof OffsetDateTime y) {
                return !x.isEqual(y);
            }
            if (a instanceof Object[] x && b instanceof Object[] y) {
                return !Arrays.equals(x, y);
            }
            return !Objects.equals(a, b);
        }
    }

    static final String API_KEY = "openai_api_key";

    static final List<Column> WRITABLE = List.of(
            new Column("organisation_id", ConnexionRow::organisationId, NullValue.UUID, "", false),
            new Column("client_type", ConnexionRow::clientType, NullValue.TEXT, "", true),
            new Column("client_id", ConnexionRow::clientId, NullValue.UUID, "", true),
            new Column(API_KEY, ConnexionRow::openaiApiKey, NullValue.TEXT, "", true),
            new Column("openai_email_compte", ConnexionRow::openaiEmailCompte, NullValue.TEXT, "", true),
            new Column("openai_organisation_id", ConnexionRow::openaiOrganisationId, NullValue.TEXT, "", true),
            new Column("openai_project_id", ConnexionRow::openaiProjectId, NullValue.TEXT, "", true),
            new Column("openai_actif", ConnexionRow::openaiActif, NullValue.BOOLEAN, "", true),
            new Column("openai_date_activation", ConnexionRow::openaiDateActivation, NullValue.TIMESTAMP, "", true),
            new Column("openai_derniere_synchro", ConnexionRow::openaiDerniereSynchro, NullValue.TIMESTAMP, "", true),
            new Column("openai_statut_connexion", ConnexionRow::openaiStatutConnexion, NullValue.TEXT, "", true),
            new Column("openai_derniere_erreur", ConnexionRow::openaiDerniereErreur, NullValue.TEXT, "", true),
            new Column("openai_limite_quotidienne", ConnexionRow::openaiLimiteQuotidienne, NullValue.INTEGER, "", true),
            new Column("openai_usage_quotidien", ConnexionRow::openaiUsageQuotidien, NullValue.INTEGER, "", true),
            new Column("openai_reset_quota_at", ConnexionRow::openaiResetQuotaAt, NullValue.TIMESTAMP, "", true),
            new Column("openai_modeles_autorises", ConnexionRow::openaiModelesAutorises, NullValue.TEXT_ARRAY, "::text[]", true),
            new Column("openai_cout_actuel_mois", ConnexionRow::openaiCoutActuelMois, NullValue.NUMERIC, "", true),
            new Column("openai_limite_cout_mois", ConnexionRow::openaiLimiteCoutMois, NullValue.NUMERIC, "", true),
            new Column("openai_reset_cout_at", ConnexionRow::openaiResetCoutAt, NullValue.TIMESTAMP, "", true),
            new Column("openai_ia_extensions", ConnexionRow::openaiIaExtensions, NullValue.TEXT, "::jsonb", true));

    private ConnexionColumns() {
    }
}
