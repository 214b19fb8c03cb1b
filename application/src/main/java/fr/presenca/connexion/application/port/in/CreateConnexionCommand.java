package fr.presenca.connexion.application.port.in;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import fr.presenca.connexion.application.caller.Caller;
import io.vavr.control.Option;

/**
 * A new connexion as a client asks for it, fields still raw (the domain validates them all at once).
 * Without {@code organisationId} the connexion belongs to the caller's own organisation.
 */
public record CreateConnexionCommand(
        Caller caller,
        Option<UUID> organisationId,
        Option<String> clientType,
        UUID clientId,
        Option<String> apiKey,
        Option<String> accountEmail,
        Option<String> openaiOrganisationId,
        Option<String> openaiProjectId,
        Option<Integer> dailyRequestLimit,
        Option<BigDecimal> monthlyCostLimit,
        Option<List<String>> allowedModels,
        Option<String> extensions) {

    public CreateConnexionCommand {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(organisationId, "organisationId");
        Objects.requireNonNull(clientType, "clientType");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(accountEmail, "accountEmail");
        Objects.requireNonNull(openaiOrganisationId, "openaiOrganisationId");
        Objects.requireNonNull(openaiProjectId, "openaiProjectId");
        Objects.requireNonNull(dailyRequestLimit, "dailyRequestLimit");
        Objects.requireNonNull(monthlyCostLimit, "monthlyCostLimit");
        Objects.requireNonNull(allowedModels, "allowedModels");
        Objects.requireNonNull(extensions, "extensions");
    }
}
