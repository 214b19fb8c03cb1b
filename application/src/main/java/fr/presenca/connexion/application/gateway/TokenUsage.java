package fr.presenca.connexion.application.gateway;

/**
 * What OpenAI reports a call used: input tokens (the cached ones included), of which cached, and output tokens.
 */
public record TokenUsage(int inputTokens, int cachedInputTokens, int outputTokens) {

    public TokenUsage {
        if (inputTokens < 0 || cachedInputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("token counts must be >= 0");
        }
        if (cachedInputTokens > inputTokens) {
            throw new IllegalArgumentException("cached input tokens are part of the input tokens");
        }
    }
}
