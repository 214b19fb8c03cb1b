package fr.presenca.connexion.adapter.in.gateway.estimate;

import io.vavr.control.Either;
import io.vavr.control.Option;
import tools.jackson.databind.JsonNode;

/** Placeholder until the real estimator lands: counts the body's characters (an upper bound of tokens). */
public final class CallEstimator {

    public Either<EstimateProblem, CallEstimate> estimate(GatewayEndpoint endpoint, JsonNode body) {
        JsonNode model = body.get("model");
        if (model == null || !model.isString() || model.asString().isBlank()) {
            return Either.left(new EstimateProblem("model is required", Option.some("model")));
        }
        if (endpoint == GatewayEndpoint.CHAT_COMPLETIONS && (!body.path("messages").isArray() || body.path("messages").isEmpty())) {
            return Either.left(new EstimateProblem("messages is required", Option.some("messages")));
        }
        int n = body.path("n").asInt(1);
        Option<Integer> cap = endpoint == GatewayEndpoint.EMBEDDINGS ? Option.some(0)
                : Option.of(body.get("max_completion_tokens")).orElse(Option.of(body.get("max_tokens")))
                        .orElse(Option.of(body.get("max_output_tokens"))).map(JsonNode::asInt).map(t -> t * n);
        return Either.right(new CallEstimate(model.asString(), body.toString().length(), cap, n,
                body.path("stream").asBoolean(false), body.path("stream_options").path("include_usage").asBoolean(false)));
    }
}
