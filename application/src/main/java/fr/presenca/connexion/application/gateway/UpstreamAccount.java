package fr.presenca.connexion.application.gateway;

import java.util.Objects;

import fr.presenca.connexion.domain.connexion.ApiKey;
import fr.presenca.connexion.domain.connexion.OpenAiOrganisationId;
import fr.presenca.connexion.domain.connexion.OpenAiProjectId;
import io.vavr.control.Option;

/** The OpenAI account a connexion calls with: its key, and its organisation and project when set. */
public record UpstreamAccount(ApiKey apiKey, Option<OpenAiOrganisationId> organisation, Option<OpenAiProjectId> project) {

    public UpstreamAccount {
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(organisation, "organisation");
        Objects.requireNonNull(project, "project");
    }

    @Override
    public String toString() {
        return "UpstreamAccount[" + apiKey.hint() + "]";
    }
}
