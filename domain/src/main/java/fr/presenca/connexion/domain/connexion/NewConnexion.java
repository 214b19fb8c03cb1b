package fr.presenca.connexion.domain.connexion;

import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.DomainError.InvalidField;
import fr.presenca.connexion.domain.cost.Usd;
import fr.presenca.connexion.domain.quota.DailyQuota;
import io.vavr.control.Either;
import io.vavr.control.Option;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.UUID;

/**
 * What a user asks for when creating a connexion, as value objects. Absent options take the seed
 * defaults in {@link Connexion#create}. Build it from raw input with {@link Input#validate()},
 * which reports every invalid field at once.
 */
public record NewConnexion(
        OrganisationId organisationId,
        Option<ClientType> clientType,
        ClientId clientId,
        Option<ApiKey> apiKey,
        Option<EmailAddress> accountEmail,
        Option<OpenAiOrganisationId> openaiOrganisationId,
        Option<OpenAiProjectId> openaiProjectId,
        Option<Integer> dailyRequestLimit,
        Option<Usd> monthlyCostLimit,
        Option<AllowedModels> allowedModels,
        Option<JsonDocument> extensions,
        Option<UserId> createdBy) {

    public NewConnexion {
        Objects.requireNonNull(organisationId, "organisationId");
        Objects.requireNonNull(clientType, "clientType");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(accountEmail, "accountEmail");
        Objects.requireNonNull(openaiOrganisationId, "openaiOrganisationId");
        Objects.requireNonNull(openaiProjectId, "openaiProjectId");
        Objects.requireNonNull(dailyRequestLimit, "dailyRequestLimit");
        Objects.requireNonNull(monthlyCostLimit, "monthlyCostLimit");
        Objects.requireNonNull(allowedModels, "allowedModels");
        Objects.requireNonNull(extensions, "extensions");
        Objects.requireNonNull(createdBy, "createdBy");
    }

    /** Only the required fields; everything else takes the seed defaults. */
    public static NewConnexion minimal(OrganisationId organisationId, ClientId clientId) {
        return new NewConnexion(organisationId, Option.none(), clientId, Option.none(), Option.none(),
                Option.none(), Option.none(), Option.none(), Option.none(), Option.none(), Option.none(),
                Option.none());
    }

    /** The rules that the value types alone do not enforce; checked again by {@link Connexion#create}. */
    Option<DomainError> problems() {
        return DomainError.problemsOf(
                DailyQuota.validLimit(dailyRequestLimit),
                monthlyCostLimit.fold(() -> Either.right(Usd.ZERO), l -> Usd.parseLimit(l.amount())),
                extensions.fold(() -> Either.right(JsonDocument.emptyObject()), NewConnexion::extensionsObject));
    }

    static Either<DomainError, JsonDocument> extensionsObject(JsonDocument document) {
        return document.looksLikeObject()
                ? Either.right(document)
                : Either.left(InvalidField.of("extensions", "must be a JSON object"));
    }

    /**
     * Raw input as an API receives it (strings, numbers, lists; None = not given). Client types
     * are accepted as enum names ("RESEAU") or stored codes ("reseau").
     */
    public record Input(
            UUID organisationId,
            Option<String> clientType,
            UUID clientId,
            Option<String> apiKey,
            Option<String> accountEmail,
            Option<String> openaiOrganisationId,
            Option<String> openaiProjectId,
            Option<Integer> dailyRequestLimit,
            Option<BigDecimal> monthlyCostLimit,
            Option<? extends Iterable<String>> allowedModels,
            Option<String> extensions,
            Option<UUID> createdBy) {

        /** The same fields, in the organisation given and created by the user given. */
        public Input ownedBy(UUID organisation, UUID creator) {
            return new Input(organisation, clientType, clientId, apiKey, accountEmail, openaiOrganisationId,
                    openaiProjectId, dailyRequestLimit, monthlyCostLimit, allowedModels, extensions, Option.some(creator));
        }

        public Either<DomainError, NewConnexion> validate() {
            Either<DomainError, OrganisationId> organisation = required("organisationId", organisationId).map(OrganisationId::new);
            Either<DomainError, Option<ClientType>> type = optional(clientType, Parsing::clientType);
            Either<DomainError, ClientId> client = required("clientId", clientId).map(ClientId::new);
            Either<DomainError, Option<ApiKey>> key = optional(apiKey, ApiKey::of);
            Either<DomainError, Option<EmailAddress>> email = optional(accountEmail, EmailAddress::of);
            Either<DomainError, Option<OpenAiOrganisationId>> openaiOrg = optional(openaiOrganisationId, OpenAiOrganisationId::of);
            Either<DomainError, Option<OpenAiProjectId>> project = optional(openaiProjectId, OpenAiProjectId::of);
            Either<DomainError, Option<Integer>> daily = DailyQuota.validLimit(nonNull(dailyRequestLimit));
            Either<DomainError, Option<Usd>> cost = optional(monthlyCostLimit, Usd::parseLimit);
            Either<DomainError, Option<AllowedModels>> models = optional(allowedModels, AllowedModels::of);
            Either<DomainError, Option<JsonDocument>> ext = optional(extensions, Parsing::extensions);
            return DomainError.problemsOf(organisation, type, client, key, email, openaiOrg, project, daily, cost, models, ext)
                    .<Either<DomainError, NewConnexion>>map(Either::left)
                    .getOrElse(() -> Either.right(new NewConnexion(organisation.get(), type.get(), client.get(),
                            key.get(), email.get(), openaiOrg.get(), project.get(), daily.get(), cost.get(),
                            models.get(), ext.get(), nonNull(createdBy).map(UserId::new))));
        }

        private static <T> Either<DomainError, T> required(String field, T value) {
            return value == null ? Either.left(InvalidField.of(field, "is required")) : Either.right(value);
        }

        private static <T, R> Either<DomainError, Option<R>> optional(Option<? extends T> value,
                                                                      java.util.function.Function<T, Either<DomainError, R>> parse) {
            return Parsing.optional(value, parse);
        }

        private static <T> Option<T> nonNull(Option<T> value) {
            return value == null ? Option.none() : value;
        }
    }
}
