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
 * {@code openai_connexion} row ↔ domain state. Nullable columns become {@code Option}s; the seed's nullable
 * counters (usage, cost) read as zero and its nullable JSON columns as an empty object.
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
    abstract ConnexionState toState(ConnexionRow row, @Context ApiKeyCipher cipher);

    @Mapping(target = "openaiConnexionId", source = "id")
    @Mapping(target = "openaiApiKey", source = "apiKey")
    @Mapping(target = "openaiEmailCompte", source = "accountEmail")
    @Mapping(target = "openaiActif", source = "active")
    @Mapping(target = "openaiDateActivation", source = "activatedAt")
    @Mapping(target = "openaiDerniereSynchro", source = "lastSyncAt")
    @Mapping(target = "openaiStatutConnexion", source = "status")
    @Mapping(target = "openaiDerniereErreur", source = "lastError")
    @Mapping(target = "openaiLimiteQuotidienne", source = "dailyQuota.limit")
    @Mapping(target = "openaiUsageQuotidien", source = "dailyQuota.usage")
    @Mapping(target = "openaiResetQuotaAt", source = "dailyQuota.resetAt")
    @Mapping(target = "openaiModelesAutorises", source = "allowedModels")
    @Mapping(target = "openaiCoutActuelMois", source = "monthlyBudget.spent", qualifiedByName = "rounded")
    @Mapping(target = "openaiLimiteCoutMois", source = "monthlyBudget.limit")
    @Mapping(target = "openaiResetCoutAt", source = "monthlyBudget.resetAt")
    @Mapping(target = "openaiCreatedAt", source = "audit.createdAt")
    @Mapping(target = "openaiCreatedBy", source = "audit.createdBy")
    @Mapping(target = "openaiUpdatedAt", source = "audit.updatedAt")
    @Mapping(target = "openaiUpdatedBy", source = "audit.updatedBy")
    @Mapping(target = "openaiAuditLog", source = "auditLog")
    @Mapping(target = "openaiIaExtensions", source = "extensions")
    abstract ConnexionRow toRow(ConnexionState state, @Context ApiKeyCipher cipher);

    UUID uuid(OrganisationId id) {
        return id.value();
    }

    UUID uuid(ClientId id) {
        return id.value();
    }

    String code(ClientType type) {
        return type.code();
    }

    /** Keys are stored only as ciphertext. */
    String storedKey(Option<ApiKey> key, @Context ApiKeyCipher cipher) {
        return key.map(apiKey -> cipher.encrypt(apiKey.reveal())).getOrNull();
    }

    String emailText(Option<EmailAddress> email) {
        return email.map(EmailAddress::value).getOrNull();
    }

    String organisationText(Option<OpenAiOrganisationId> id) {
        return id.map(OpenAiOrganisationId::value).getOrNull();
    }

    String projectText(Option<OpenAiProjectId> id) {
        return id.map(OpenAiProjectId::value).getOrNull();
    }

    Integer integer(int value) {
        return value;
    }

    String[] names(AllowedModels models) {
        return models.names().toArray(String[]::new);
    }

    Boolean flag(boolean flag) {
        return flag;
    }

    String jsonText(JsonDocument document) {
        return document.json();
    }

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

    /**
     * Decrypts a stored key. A plaintext value can still appear when another client of an adopted database wrote
     * it after the start-up migration: it is read as is, and encrypted at the next write of the key.
     */
    Option<ApiKey> apiKey(String stored, @Context ApiKeyCipher cipher) {
        return Option.of(stored).map(value -> ApiKey.of(ApiKeyCipher.isEncrypted(value) ? cipher.decrypt(value) : value)
                .getOrElseThrow(error -> new CorruptRowException("stored API key is not a valid key")));
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
