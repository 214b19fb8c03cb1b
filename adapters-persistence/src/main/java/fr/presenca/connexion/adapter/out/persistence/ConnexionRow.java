package fr.presenca.connexion.adapter.out.persistence;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One row of {@code openai_connexion}, column for column (JSON columns as text). */
record ConnexionRow(
        UUID openaiConnexionId,
        UUID organisationId,
        String clientType,
        UUID clientId,
        String openaiApiKey,
        String openaiEmailCompte,
        String openaiOrganisationId,
        String openaiProjectId,
        Boolean openaiActif,
        OffsetDateTime openaiDateActivation,
        OffsetDateTime openaiDerniereSynchro,
        String openaiStatutConnexion,
        String openaiDerniereErreur,
        Integer openaiLimiteQuotidienne,
        Integer openaiUsageQuotidien,
        OffsetDateTime openaiResetQuotaAt,
        String[] openaiModelesAutorises,
        BigDecimal openaiCoutActuelMois,
        BigDecimal openaiLimiteCoutMois,
        OffsetDateTime openaiResetCoutAt,
        OffsetDateTime openaiCreatedAt,
        UUID openaiCreatedBy,
        OffsetDateTime openaiUpdatedAt,
        UUID openaiUpdatedBy,
        String openaiAuditLog,
        String openaiIaExtensions) {

    /** This row with another month's cost: the exact total the domain restored in place of the rounded column. */
    ConnexionRow withCoutActuelMois(BigDecimal spent) {
        return new ConnexionRow(openaiConnexionId, organisationId, clientType, clientId, openaiApiKey, openaiEmailCompte,
                openaiOrganisationId, openaiProjectId, openaiActif, openaiDateActivation, openaiDerniereSynchro,
                openaiStatutConnexion, openaiDerniereErreur, openaiLimiteQuotidienne, openaiUsageQuotidien,
                openaiResetQuotaAt, openaiModelesAutorises, spent, openaiLimiteCoutMois, openaiResetCoutAt,
                openaiCreatedAt, openaiCreatedBy, openaiUpdatedAt, openaiUpdatedBy, openaiAuditLog, openaiIaExtensions);
    }

    static final String COLUMNS = """
            openai_connexion_id, organisation_id, client_type, client_id, openai_api_key, openai_email_compte,
            openai_organisation_id, openai_project_id, openai_actif, openai_date_activation, openai_derniere_synchro,
            openai_statut_connexion, openai_derniere_erreur, openai_limite_quotidienne, openai_usage_quotidien,
            openai_reset_quota_at, openai_modeles_autorises, openai_cout_actuel_mois, openai_limite_cout_mois,
            openai_reset_cout_at, openai_created_at, openai_created_by, openai_updated_at, openai_updated_by,
            openai_audit_log::text as openai_audit_log, openai_ia_extensions::text as openai_ia_extensions""";

    /**
     * {@link #COLUMNS} read off the locked row {@code l} of a metering decision, except the journal: up to the
     * journal's limit of entries that a decision never reads (its write appends to the stored journal in SQL).
     */
    static final String DECISION_COLUMNS = java.util.Arrays.stream(COLUMNS.split(","))
            .map(String::strip)
            .map(column -> column.startsWith("openai_audit_log") ? "'{}' as openai_audit_log" : "l." + column)
            .collect(java.util.stream.Collectors.joining(", "));

    static ConnexionRow read(io.r2dbc.spi.Readable row) {
        return new ConnexionRow(
                row.get("openai_connexion_id", UUID.class),
                row.get("organisation_id", UUID.class),
                row.get("client_type", String.class),
                row.get("client_id", UUID.class),
                row.get("openai_api_key", String.class),
                row.get("openai_email_compte", String.class),
                row.get("openai_organisation_id", String.class),
                row.get("openai_project_id", String.class),
                row.get("openai_actif", Boolean.class),
                row.get("openai_date_activation", OffsetDateTime.class),
                row.get("openai_derniere_synchro", OffsetDateTime.class),
                row.get("openai_statut_connexion", String.class),
                row.get("openai_derniere_erreur", String.class),
                row.get("openai_limite_quotidienne", Integer.class),
                row.get("openai_usage_quotidien", Integer.class),
                row.get("openai_reset_quota_at", OffsetDateTime.class),
                row.get("openai_modeles_autorises", String[].class),
                row.get("openai_cout_actuel_mois", BigDecimal.class),
                row.get("openai_limite_cout_mois", BigDecimal.class),
                row.get("openai_reset_cout_at", OffsetDateTime.class),
                row.get("openai_created_at", OffsetDateTime.class),
                row.get("openai_created_by", UUID.class),
                row.get("openai_updated_at", OffsetDateTime.class),
                row.get("openai_updated_by", UUID.class),
                row.get("openai_audit_log", String.class),
                row.get("openai_ia_extensions", String.class));
    }
}
