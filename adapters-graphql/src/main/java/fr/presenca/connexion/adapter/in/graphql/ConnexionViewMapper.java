package fr.presenca.connexion.adapter.in.graphql;

import java.util.List;

import fr.presenca.connexion.domain.connexion.AllowedModels;
import fr.presenca.connexion.domain.connexion.ApiKey;
import fr.presenca.connexion.domain.connexion.ClientId;
import fr.presenca.connexion.domain.connexion.ConnexionState;
import fr.presenca.connexion.domain.connexion.EmailAddress;
import fr.presenca.connexion.domain.connexion.JsonDocument;
import fr.presenca.connexion.domain.connexion.OpenAiOrganisationId;
import fr.presenca.connexion.domain.connexion.OpenAiProjectId;
import fr.presenca.connexion.domain.connexion.OrganisationId;
import io.vavr.control.Option;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import tools.jackson.databind.json.JsonMapper;

/** Domain state → GraphQL view. The key never crosses: only whether there is one, and its hint. */
@Mapper(config = GraphQlMapperConfig.class, uses = GraphQlConversions.class, imports = ApiKey.class)
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

    String id(OrganisationId id) {
        return id.value().toString();
    }

    String id(ClientId id) {
        return id.value().toString();
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

    List<String> models(AllowedModels models) {
        return models.names();
    }

    Object json(JsonDocument document) {
        return JSON.readValue(document.json(), Object.class);
    }
}
