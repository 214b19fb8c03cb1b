package fr.presenca.connexion.domain.connexion;

import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.cost.Usd;
import fr.presenca.connexion.domain.quota.DailyQuota;
import io.vavr.control.Either;
import io.vavr.control.Option;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.UUID;

/**
 * A partial change of the editable fields. Required fields are {@code Option} (None = unchanged);
 * nullable ones are {@link Patch} so they can also be cleared (a cleared limit means unlimited).
 * Not editable here: organisation, API key (its own commands), status and counters.
 */
public record ConnexionChanges(
        Option<ClientType> clientType,
        Option<ClientId> clientId,
        Patch<EmailAddress> accountEmail,
        Patch<OpenAiOrganisationId> openaiOrganisationId,
        Patch<OpenAiProjectId> openaiProjectId,
        Patch<Integer> dailyRequestLimit,
        Patch<Usd> monthlyCostLimit,
        Option<AllowedModels> allowedModels,
        Option<JsonDocument> extensions) {

    public ConnexionChanges {
        Objects.requireNonNull(clientType, "clientType");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(accountEmail, "accountEmail");
        Objects.requireNonNull(openaiOrganisationId, "openaiOrganisationId");
        Objects.requireNonNull(openaiProjectId, "openaiProjectId");
        Objects.requireNonNull(dailyRequestLimit, "dailyRequestLimit");
        Objects.requireNonNull(monthlyCostLimit, "monthlyCostLimit");
        Objects.requireNonNull(allowedModels, "allowedModels");
        Objects.requireNonNull(extensions, "extensions");
    }

    /** Changes nothing; start here and use the {@code with…} methods. */
    public static ConnexionChanges none() {
        return new ConnexionChanges(Option.none(), Option.none(), Patch.keep(), Patch.keep(), Patch.keep(),
                Patch.keep(), Patch.keep(), Option.none(), Option.none());
    }

    public ConnexionChanges withClientType(ClientType value) {
        return new ConnexionChanges(Option.some(value), clientId, accountEmail, openaiOrganisationId, openaiProjectId,
                dailyRequestLimit, monthlyCostLimit, allowedModels, extensions);
    }

    public ConnexionChanges withClientId(ClientId value) {
        return new ConnexionChanges(clientType, Option.some(value), accountEmail, openaiOrganisationId, openaiProjectId,
                dailyRequestLimit, monthlyCostLimit, allowedModels, extensions);
    }

    public ConnexionChanges withAccountEmail(Patch<EmailAddress> value) {
        return new ConnexionChanges(clientType, clientId, value, openaiOrganisationId, openaiProjectId,
                dailyRequestLimit, monthlyCostLimit, allowedModels, extensions);
    }

    public ConnexionChanges withOpenaiOrganisationId(Patch<OpenAiOrganisationId> value) {
        return new ConnexionChanges(clientType, clientId, accountEmail, value, openaiProjectId,
                dailyRequestLimit, monthlyCostLimit, allowedModels, extensions);
    }

    public ConnexionChanges withOpenaiProjectId(Patch<OpenAiProjectId> value) {
        return new ConnexionChanges(clientType, clientId, accountEmail, openaiOrganisationId, value,
                dailyRequestLimit, monthlyCostLimit, allowedModels, extensions);
    }

    public ConnexionChanges withDailyRequestLimit(Patch<Integer> value) {
        return new ConnexionChanges(clientType, clientId, accountEmail, openaiOrganisationId, openaiProjectId,
                value, monthlyCostLimit, allowedModels, extensions);
    }

    public ConnexionChanges withMonthlyCostLimit(Patch<Usd> value) {
        return new ConnexionChanges(clientType, clientId, accountEmail, openaiOrganisationId, openaiProjectId,
                dailyRequestLimit, value, allowedModels, extensions);
    }

    public ConnexionChanges withAllowedModels(AllowedModels value) {
        return new ConnexionChanges(clientType, clientId, accountEmail, openaiOrganisationId, openaiProjectId,
                dailyRequestLimit, monthlyCostLimit, Option.some(value), extensions);
    }

    public ConnexionChanges withExtensions(JsonDocument value) {
        return new ConnexionChanges(clientType, clientId, accountEmail, openaiOrganisationId, openaiProjectId,
                dailyRequestLimit, monthlyCostLimit, allowedModels, Option.some(value));
    }

    /** The rules that the value types alone do not enforce; checked by {@link Connexion#update}. */
    Option<DomainError> problems() {
        return DomainError.problemsOf(
                dailyRequestLimit.traverse(l -> DailyQuota.validLimit(Option.some(l))),
                monthlyCostLimit.traverse(l -> Usd.parseLimit(l.amount())),
                extensions.fold(() -> Either.right(JsonDocument.emptyObject()), NewConnexion::extensionsObject));
    }

    /**
     * Raw input as an API receives it: {@code Option.none()} (or null) = unchanged for required
     * fields, {@link Patch} for nullable ones. Every invalid field is reported at once.
     */
    public record Input(
            Option<String> clientType,
            Option<UUID> clientId,
            Patch<String> accountEmail,
            Patch<String> openaiOrganisationId,
            Patch<String> openaiProjectId,
            Patch<Integer> dailyRequestLimit,
            Patch<BigDecimal> monthlyCostLimit,
            Option<? extends Iterable<String>> allowedModels,
            Option<String> extensions) {

        public Either<DomainError, ConnexionChanges> validate() {
            Either<DomainError, Option<ClientType>> type = Parsing.optional(clientType, Parsing::clientType);
            Either<DomainError, Option<ClientId>> client = Parsing.optional(clientId, id -> Either.right(new ClientId(id)));
            Either<DomainError, Patch<EmailAddress>> email = patch(accountEmail).traverse(EmailAddress::of);
            Either<DomainError, Patch<OpenAiOrganisationId>> org = patch(openaiOrganisationId).traverse(OpenAiOrganisationId::of);
            Either<DomainError, Patch<OpenAiProjectId>> project = patch(openaiProjectId).traverse(OpenAiProjectId::of);
            Either<DomainError, Patch<Integer>> daily = patch(dailyRequestLimit)
                    .traverse(l -> DailyQuota.validLimit(Option.some(l)).map(Option::get));
            Either<DomainError, Patch<Usd>> cost = patch(monthlyCostLimit).traverse(Usd::parseLimit);
            Either<DomainError, Option<AllowedModels>> models = Parsing.optional(allowedModels, AllowedModels::of);
            Either<DomainError, Option<JsonDocument>> ext = Parsing.optional(extensions, Parsing::extensions);
            return DomainError.problemsOf(type, client, email, org, project, daily, cost, models, ext)
                    .<Either<DomainError, ConnexionChanges>>map(Either::left)
                    .getOrElse(() -> Either.right(new ConnexionChanges(type.get(), client.get(), email.get(), org.get(),
                            project.get(), daily.get(), cost.get(), models.get(), ext.get())));
        }

        private static <T> Patch<T> patch(Patch<T> value) {
            return value == null ? Patch.keep() : value;
        }
    }
}
