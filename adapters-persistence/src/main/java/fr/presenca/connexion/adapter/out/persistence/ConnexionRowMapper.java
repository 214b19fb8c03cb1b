package fr.presenca.connexion.adapter.out.persistence;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.UUID;

import fr.presenca.connexion.domain.connexion.AllowedModels;
import fr.presenca.connexion.domain.connexion.ApiKey;
import fr.presenca.connexion.domain.connexion.AuditStamp;
import fr.presenca.connexion.domain.connexion.ClientId;
import fr.presenca.connexion.domain.connexion.ClientType;
import fr.presenca.connexion.domain.connexion.ConnexionState;
import fr.presenca.connexion.domain.connexion.ConnexionStatus;
import fr.presenca.connexion.domain.connexion.EmailAddress;
import fr.presenca.connexion.domain.connexion.JsonDocument;
import fr.presenca.connexion.domain.connexion.OpenAiOrganisationId;
import fr.presenca.connexion.domain.connexion.OpenAiProjectId;
import fr.presenca.connexion.domain.connexion.OrganisationId;
import fr.presenca.connexion.domain.cost.MonthlyBudget;
import fr.presenca.connexion.domain.cost.Usd;
import fr.presenca.connexion.domain.quota.DailyQuota;
import io.vavr.control.Option;
import org.mapstruct.Context;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

/**
 * {@code openai_connexion} row → domain state; the way back is {@link ConnexionWriteSql}. Nullable columns become
 * {@code Option}s; the seed's nullable counters (usage, cost) read as zero and its nullable JSON columns as an empty
 * object.
 */
@Mapper(config = PersistenceMapperConfig.class, uses = PersistenceConversions.class)
abstract class ConnexionRowMapper {

    private final PersistenceConversions conversions = new PersistenceConversions();

    @Mapping(target = "id", source = "openaiConnexionId")
    @Mapping(target = "apiKey", source = "openaiApiKey")
    @Mapping(target = "accountEmail", source = "openaiEmailCompte")
    @Mapping(target = "active", source = "openaiActif")
    @Mapping(target = "activatedAt", source = "openaiDateActivation")
    @Mapping(target = "lastSyncAt", source = "openaiDerniereSynchro")
    @Mapping(target = "status", source = "openaiStatutConnexion")
    @Mapping(target = "lastError", source = "openaiDerniereErreur")
    @Mapping(target = "dailyQuota", source = "row")
    @Mapping(target = "allowedModels", source = "openaiModelesAutorises")
    @Mapping(target = "monthlyBudget", source = "row")
    @Mapping(target = "audit", source = "row")
    @Mapping(target = "auditLog", source = "openaiAuditLog")
    @Mapping(target = "extensions", source = "openaiIaExtensions")
    abstract ConnexionState toState(ConnexionRow row, @Context StoredKeys keys);

    DailyQuota dailyQuota(ConnexionRow row) {
        return new DailyQuota(Option.of(row.openaiLimiteQuotidienne()),
                row.openaiUsageQuotidien() == null ? 0 : row.openaiUsageQuotidien(),
                conversions.optionalInstant(row.openaiResetQuotaAt()));
    }

    MonthlyBudget monthlyBudget(ConnexionRow row) {
        return new MonthlyBudget(Option.of(row.openaiLimiteCoutMois()).map(Usd::new),
                new Usd(row.openaiCoutActuelMois() == null ? BigDecimal.ZERO : row.openaiCoutActuelMois()),
                conversions.optionalInstant(row.openaiResetCoutAt()));
    }

    AuditStamp audit(ConnexionRow row) {
        return new AuditStamp(row.openaiCreatedAt().toInstant(), conversions.userId(row.openaiCreatedBy()),
                row.openaiUpdatedAt().toInstant(), conversions.userId(row.openaiUpdatedBy()));
    }

    OrganisationId organisationId(UUID id) {
        return new OrganisationId(id);
    }

    ClientId clientId(UUID id) {
        return new ClientId(id);
    }

    ClientType clientType(String code) {
        return ClientType.fromCode(code).getOrElseThrow(() -> new CorruptRowException("unknown client_type " + code));
    }

    ConnexionStatus status(String code) {
        return ConnexionStatus.fromCode(code)
                .getOrElseThrow(() -> new CorruptRowException("unknown openai_statut_connexion " + code));
    }

    Option<ApiKey> apiKey(String stored, @Context StoredKeys keys) {
        return keys.read(stored);
    }

    Option<EmailAddress> email(String email) {
        return Option.of(email).map(value -> EmailAddress.of(value)
                .getOrElseThrow(error -> new CorruptRowException("stored openai_email_compte: " + error.message())));
    }

    Option<OpenAiOrganisationId> openaiOrganisationId(String id) {
        return Option.of(id).map(value -> OpenAiOrganisationId.of(value)
                .getOrElseThrow(error -> new CorruptRowException("stored openai_organisation_id: " + error.message())));
    }

    Option<OpenAiProjectId> openaiProjectId(String id) {
        return Option.of(id).map(value -> OpenAiProjectId.of(value)
                .getOrElseThrow(error -> new CorruptRowException("stored openai_project_id: " + error.message())));
    }

    boolean flag(Boolean flag) {
        return Boolean.TRUE.equals(flag);
    }

    AllowedModels allowedModels(String[] names) {
        return AllowedModels.of(names == null ? java.util.List.of() : Arrays.asList(names))
                .getOrElseThrow(error -> new CorruptRowException("stored openai_modeles_autorises: " + error.message()));
    }

    JsonDocument json(String json) {
        return json == null ? JsonDocument.emptyObject() : new JsonDocument(json);
    }
}
