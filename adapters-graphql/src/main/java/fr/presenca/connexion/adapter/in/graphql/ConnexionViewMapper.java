package fr.presenca.connexion.adapter.in.graphql;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import fr.presenca.connexion.domain.connexion.AllowedModels;
import fr.presenca.connexion.domain.connexion.ApiKey;
import fr.presenca.connexion.domain.connexion.ClientId;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.connexion.ConnexionState;
import fr.presenca.connexion.domain.connexion.EmailAddress;
import fr.presenca.connexion.domain.connexion.JsonDocument;
import fr.presenca.connexion.domain.connexion.OpenAiOrganisationId;
import fr.presenca.connexion.domain.connexion.OpenAiProjectId;
import fr.presenca.connexion.domain.connexion.OrganisationId;
import fr.presenca.connexion.domain.connexion.UserId;
import fr.presenca.connexion.domain.cost.Usd;
import io.vavr.control.Option;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import tools.jackson.databind.json.JsonMapper;

/** Domain state → GraphQL view. The key never crosses: only whether there is one, and its hint. */
@Mapper(config = GraphQlMapperConfig.class, imports = ApiKey.class)
abstract class ConnexionViewMapper {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Mapping(target = "hasApiKey", expression = "java(state.apiKey().isDefined())")
    @Mapping(target = "apiKeyHint", expression = "java(state.apiKey().map(ApiKey::hint).getOrNull())")
    @Mapping(target = "dailyRequestLimit", expression = "java(state.dailyQuota().limit().getOrNull())")
    @Mapping(target = "dailyUsage", source = "dailyQuota.usage")
    @Mapping(target = "quotaResetAt", source = "dailyQuota.resetAt")
    @Mapping(target = "monthlyCost", source = "monthlyBudget.spent", qualifiedByName = "rounded")
    @Mapping(target = "monthlyCostLimit", source = "monthlyBudget.limit")
    @Mapping(target = "monthlyCostResetAt", source = "monthlyBudget.resetAt")
    @Mapping(target = "createdAt", source = "audit.createdAt")
    @Mapping(target = "createdBy", source = "audit.createdBy")
    @Mapping(target = "updatedAt", source = "audit.updatedAt")
    @Mapping(target = "updatedBy", source = "audit.updatedBy")
    abstract ConnexionView toView(ConnexionState state);

    String id(ConnexionId id) {
        return id.value().toString();
    }

    String id(OrganisationId id) {
        return id.value().toString();
    }

    String id(ClientId id) {
        return id.value().toString();
    }

    String id(Option<UserId> id) {
        return id.map(UserId::value).map(UUID::toString).getOrNull();
    }

    String email(Option<EmailAddress> email) {
        return email.map(EmailAddress::value).getOrNull();
    }

    String organisation(Option<OpenAiOrganisationId> organisation) {
        return organisation.map(OpenAiOrganisationId::value).getOrNull();
    }

    String project(Option<OpenAiProjectId> project) {
        return project.map(OpenAiProjectId::value).getOrNull();
    }

    String text(Option<String> text) {
        return text.getOrNull();
    }

    OffsetDateTime instant(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    OffsetDateTime instant(Option<Instant> instant) {
        return instant.map(this::instant).getOrNull();
    }

    java.math.BigDecimal amount(Usd amount) {
        return amount == null ? null : amount.amount();
    }

    java.math.BigDecimal amount(Option<Usd> amount) {
        return amount.map(Usd::amount).getOrNull();
    }

    List<String> models(AllowedModels models) {
        return models.names();
    }

    Object json(JsonDocument document) {
        return JSON.readValue(document.json(), Object.class);
    }


    /** The month's cost as the seed's column holds it: the exact total rounded half-up to 4 places. */
    @org.mapstruct.Named("rounded")
    java.math.BigDecimal rounded(Usd amount) {
        return amount.rounded().amount();
    }
}
