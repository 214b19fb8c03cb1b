package fr.presenca.connexion.adapter.in.gateway.estimate;

import io.vavr.control.Option;

/**
 * What the gateway holds for one call before forwarding it.
 *
 * @param model             the body's {@code model}, as sent
 * @param inputTokens       an upper bound of the input tokens OpenAI will bill for the call
 * @param maxOutputTokens   the output cap the body sets ({@code max_completion_tokens}, else {@code max_tokens}, for
 *                          chat, times {@code n}, plus the tokens of a {@code prediction}; {@code max_output_tokens}
 *                          for responses); {@code Some(0)} for embeddings; {@code None} when the body sets no cap, and
 *                          the gateway then holds the model's {@code maxOutputTokens} times {@code outputMultiplier}
 * @param outputMultiplier  {@code n} for chat (default 1), 1 otherwise
 * @param stream            the body's {@code stream == true}
 * @param clientAskedUsage  chat's {@code stream_options.include_usage == true}
 */
public record CallEstimate(
        String model,
        int inputTokens,
        Option<Integer> maxOutputTokens,
        int outputMultiplier,
        boolean stream,
        boolean clientAskedUsage) {
}
