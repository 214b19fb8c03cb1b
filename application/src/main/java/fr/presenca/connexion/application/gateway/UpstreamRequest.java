package fr.presenca.connexion.application.gateway;

import java.util.Objects;

import fr.presenca.connexion.domain.connexion.ApiKey;
import fr.presenca.connexion.domain.connexion.OpenAiOrganisationId;
import fr.presenca.connexion.domain.connexion.OpenAiProjectId;
import io.vavr.control.Option;

/**
 * One call to OpenAI, on the connexion's key and account.
 *
 * @param body       the JSON body to send, as the gateway prepared it
 * @param stream     the answer is an event stream
 * @param stripUsage a chat stream whose usage chunk the gateway asked for and the client did not: drop it
 */
public record UpstreamRequest(OpenAiEndpoint endpoint, ApiKey apiKey, Option<OpenAiOrganisationId> organisation,
                              Option<OpenAiProjectId> project, byte[] body, boolean stream, boolean stripUsage) {

    public UpstreamRequest {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(organisation, "organisation");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(body, "body");
    }

    @Override
    public String toString() {
        return "UpstreamRequest[" + endpoint + ", stream=" + stream + ", " + body.length + " bytes]";
    }
}
