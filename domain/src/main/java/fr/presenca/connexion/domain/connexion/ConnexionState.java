package fr.presenca.connexion.domain.connexion;

import fr.presenca.connexion.domain.cost.MonthlyBudget;
import fr.presenca.connexion.domain.quota.DailyQuota;
import io.vavr.control.Option;

import java.time.Instant;
import java.util.Objects;

/**
 * The full persistable state of a connexion, one component per column of openai_connexion (plus
 * openai_reset_cout_at inside {@link MonthlyBudget}). Each component is a valid value on its own;
 * {@link Connexion#restore} checks the rules that tie components together.
 */
public record ConnexionState(
        ConnexionId id,
        OrganisationId organisationId,
        ClientType clientType,
        ClientId clientId,
        Option<ApiKey> apiKey,
        Option<EmailAddress> accountEmail,
        Option<OpenAiOrganisationId> openaiOrganisationId,
        Option<OpenAiProjectId> openaiProjectId,
        boolean active,
        Instant activatedAt,
        Option<Instant> lastSyncAt,
        ConnexionStatus status,
        Option<String> lastError,
        DailyQuota dailyQuota,
        AllowedModels allowedModels,
        MonthlyBudget monthlyBudget,
        AuditStamp audit,
        JsonDocument auditLog,
        JsonDocument extensions) {

    public ConnexionState {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(organisationId, "organisationId");
        Objects.requireNonNull(clientType, "clientType");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(accountEmail, "accountEmail");
        Objects.requireNonNull(openaiOrganisationId, "openaiOrganisationId");
        Objects.requireNonNull(openaiProjectId, "openaiProjectId");
        Objects.requireNonNull(activatedAt, "activatedAt");
        Objects.requireNonNull(lastSyncAt, "lastSyncAt");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(dailyQuota, "dailyQuota");
        Objects.requireNonNull(allowedModels, "allowedModels");
        Objects.requireNonNull(monthlyBudget, "monthlyBudget");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(auditLog, "auditLog");
        Objects.requireNonNull(extensions, "extensions");
    }

    // Copy helpers for the aggregate: one per group of fields a command changes together.

    ConnexionState withIdentity(ClientType newClientType, ClientId newClientId, Option<EmailAddress> newEmail,
                                Option<OpenAiOrganisationId> newOrg, Option<OpenAiProjectId> newProject,
                                AllowedModels newModels, JsonDocument newExtensions) {
        return new ConnexionState(id, organisationId, newClientType, newClientId, apiKey, newEmail, newOrg, newProject,
                active, activatedAt, lastSyncAt, status, lastError, dailyQuota, newModels, monthlyBudget, audit,
                auditLog, newExtensions);
    }

    ConnexionState withApiKey(Option<ApiKey> newKey) {
        return new ConnexionState(id, organisationId, clientType, clientId, newKey, accountEmail, openaiOrganisationId,
                openaiProjectId, active, activatedAt, lastSyncAt, status, lastError, dailyQuota, allowedModels,
                monthlyBudget, audit, auditLog, extensions);
    }

    ConnexionState withLifecycle(ConnexionStatus newStatus, Instant newActivatedAt, Option<String> newLastError) {
        return new ConnexionState(id, organisationId, clientType, clientId, apiKey, accountEmail, openaiOrganisationId,
                openaiProjectId, newStatus != ConnexionStatus.INACTIVE, newActivatedAt, lastSyncAt, newStatus,
                newLastError, dailyQuota, allowedModels, monthlyBudget, audit, auditLog, extensions);
    }

    ConnexionState withStatus(ConnexionStatus newStatus) {
        return withLifecycle(newStatus, activatedAt, lastError);
    }

    ConnexionState withCounters(DailyQuota newQuota, MonthlyBudget newBudget) {
        return new ConnexionState(id, organisationId, clientType, clientId, apiKey, accountEmail, openaiOrganisationId,
                openaiProjectId, active, activatedAt, lastSyncAt, status, lastError, newQuota, allowedModels,
                newBudget, audit, auditLog, extensions);
    }

    ConnexionState withLastSyncAt(Instant at) {
        return new ConnexionState(id, organisationId, clientType, clientId, apiKey, accountEmail, openaiOrganisationId,
                openaiProjectId, active, activatedAt, Option.some(at), status, lastError, dailyQuota, allowedModels,
                monthlyBudget, audit, auditLog, extensions);
    }
}
