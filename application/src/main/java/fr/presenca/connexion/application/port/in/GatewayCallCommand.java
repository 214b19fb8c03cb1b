package fr.presenca.connexion.application.port.in;

import java.util.Objects;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.gateway.OpenAiEndpoint;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.connexion.ModelName;
import fr.presenca.connexion.domain.metering.IdempotencyKey;
import io.vavr.control.Option;

/**
 * One OpenAI call to forward on a connexion, as the gateway read it from the client's body.
 *
 * @param connexionId      the connexion the request names (X-Presenca-Connexion); a gateway key names its own

 * @param inputTokens      an upper bound of the input tokens OpenAI will bill
 * @param statedOutputCap  the output cap the body states (times n), if any
 * @param outputMultiplier n: how many outputs the call asks for (the model's cap counts that many times)
 * @param upstreamBody     the JSON body to send to OpenAI
 * @param stream           the client asked for an event stream
 * @param stripUsage       the gateway asked a chat stream for its usage chunk and the client did not
 */
public record GatewayCallCommand(Caller caller, Option<ConnexionId> connexionId, OpenAiEndpoint endpoint, ModelName model,
                                 int inputTokens, Option<Integer> statedOutputCap, int outputMultiplier,
                                 IdempotencyKey idempotencyKey, byte[] upstreamBody, boolean stream,
                                 boolean stripUsage) {

    public GatewayCallCommand {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(connexionId, "connexionId");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(statedOutputCap, "statedOutputCap");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(upstreamBody, "upstreamBody");
        if (inputTokens < 0 || statedOutputCap.exists(t -> t < 0) || outputMultiplier < 1) {
            throw new IllegalArgumentException("token counts must be >= 0 and the output multiplier >= 1");
        }
    }

    /** The same call, on the connexion it was found to be for. */
    public GatewayCallCommand onConnexion(ConnexionId id) {
        return new GatewayCallCommand(caller, Option.some(id), endpoint, model, inputTokens, statedOutputCap,
                outputMultiplier, idempotencyKey, upstreamBody, stream, stripUsage);
    }

    @Override
    public String toString() {
        return "GatewayCallCommand[" + connexionId.map(id -> id.value().toString()).getOrElse("?") + ", " + endpoint
                + ", " + model.value() + "]";
    }
}
