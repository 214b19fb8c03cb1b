package fr.presenca.connexion.application.port.in;

import java.util.List;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.gateway.GatewayAnswer;
import fr.presenca.connexion.application.gateway.GatewayRefusal;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.connexion.ModelName;
import io.vavr.control.Either;
import reactor.core.publisher.Mono;

/**
 * The OpenAI-compatible gateway: every call admitted as one decision (the same as authorizeRequest), forwarded
 * with the connexion's key, and settled exactly once from OpenAI's usage, whatever happens to it.
 */
public interface GatewayUseCase {

    /**
     * Admits and forwards a call. A refusal never reaches OpenAI. The answer's body ends once the call is settled;
     * cancelling it cancels the upstream call and settles it at its held cost. Fails with an UpstreamFailure when
     * OpenAI cannot be reached or does not answer in time (the call settled accordingly).
     */
    Mono<Either<GatewayRefusal, GatewayAnswer>> forward(GatewayCallCommand command);

    /**
     * The models the connexion allows (GET /models, answered without calling OpenAI): the connexion the request names,
     * or a gateway key's own.
     */
    Mono<Either<GatewayRefusal, List<ModelName>>> allowedModels(Caller caller, io.vavr.control.Option<ConnexionId> connexionId);
}
