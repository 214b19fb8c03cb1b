package fr.presenca.connexion.adapter.in.gateway.estimate;

import io.vavr.control.Either;
import io.vavr.control.Option;
import tools.jackson.databind.JsonNode;

import static fr.presenca.connexion.adapter.in.gateway.estimate.BodyFields.field;

/**
 * Reads an OpenAI request body and bounds what the call can be billed for, before the gateway admits it: the input
 * tokens counted with the model's own tokenizer plus OpenAI's per-message framing, what cannot be counted (images,
 * audio, files, server-side content) bounded from above, and the output cap the body sets. A body OpenAI would refuse
 * for its shape is refused here, and then nothing is held. Stateless and thread-safe; the tokenizers are loaded once
 * per JVM.
 */
public final class CallEstimator {

    private final Tokenizers tokenizers;

    public CallEstimator() {
        this.tokenizers = Tokenizers.shared();
    }

    public Either<EstimateProblem, CallEstimate> estimate(GatewayEndpoint endpoint, JsonNode body) {
        if (body == null || !body.isObject()) {
            return Either.left(EstimateProblem.ofBody("The request body must be a JSON object."));
        }
        Option<JsonNode> model = field(body, "model");
        if (model.isEmpty() || !model.get().isString() || model.get().stringValue().isBlank()) {
            return Either.left(EstimateProblem.of("model", "'model' must be a non-blank string naming the model."));
        }
        Either<EstimateProblem, Boolean> stream = BodyFields.flag(body, "stream", "stream");
        if (stream.isLeft()) {
            return Either.left(stream.getLeft());
        }
        String name = model.get().stringValue();
        ModelFamily family = ModelFamily.of(name);
        // A known model's window caps a conversation's count, so counting stops there; embeddings inputs are
        // capped one by one and prediction adds to the output, so neither stops early.
        long window = family.known() ? family.contextWindow() : Long.MAX_VALUE;
        return switch (endpoint) {
            case CHAT_COMPLETIONS -> ChatCompletionsBody.estimate(name, family, stream.get(), body,
                    tally(family, window), tally(family, Long.MAX_VALUE));
            case RESPONSES -> ResponsesBody.estimate(name, family, stream.get(), body, tally(family, window));
            case EMBEDDINGS -> EmbeddingsBody.estimate(name, family, stream.get(), body, tally(family, Long.MAX_VALUE));
        };
    }

    private TokenTally tally(ModelFamily family, long stopAt) {
        return new TokenTally(tokenizers.of(family), stopAt);
    }
}
