package fr.presenca.connexion.adapter.in.graphql;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import fr.presenca.connexion.domain.connexion.ClientType;
import fr.presenca.connexion.domain.connexion.ConnexionStatus;

/** The GraphQL {@code Connexion} type, field for field; it has no place for the API key, only its hint. */
record ConnexionView(
        String id,
        String organisationId,
        ClientType clientType,
        String clientId,
        boolean hasApiKey,
        String apiKeyHint,
        String accountEmail,
        String openaiOrganisationId,
        String openaiProjectId,
        boolean active,
        ConnexionStatus status,
        OffsetDateTime activatedAt,
        OffsetDateTime lastSyncAt,
        String lastError,
        Integer dailyRequestLimit,
        int dailyUsage,
        OffsetDateTime quotaResetAt,
        List<String> allowedModels,
        BigDecimal monthlyCost,
        BigDecimal monthlyCostLimit,
        OffsetDateTime monthlyCostResetAt,
        OffsetDateTime createdAt,
        String createdBy,
        OffsetDateTime updatedAt,
        String updatedBy,
        Object auditLog,
        Object extensions) {
}
