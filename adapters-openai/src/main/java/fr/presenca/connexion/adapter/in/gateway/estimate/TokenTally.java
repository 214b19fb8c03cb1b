package fr.presenca.connexion.adapter.in.gateway.estimate;

import com.knuddels.jtokkit.api.Encoding;

/**
 * The input tokens of one body as they are counted: text per encoding (an unknown model keeps the larger of its two
 * totals), fixed overheads and bounds (messages, images) apart, and whether something was met that only the model's
 * context window bounds. Once unbounded, text is no longer tokenized.
 */
final class TokenTally {

    private final Encoding[] encodings;
    private final long[] textTokens;
    private long fixedTokens;
    private boolean unbounded;

    TokenTally(Encoding[] encodings) {
        this.encodings = encodings;
        this.textTokens = new long[encodings.length];
    }

    /** Text as OpenAI tokenizes it: special-token strings in the text are ordinary text there too. */
    void text(String text) {
        if (unbounded || text.isEmpty()) {
            return;
        }
        for (int i = 0; i < encodings.length; i++) {
            textTokens[i] += encodings[i].countTokensOrdinary(text);
        }
    }

    /** Text of which OpenAI refuses more than {@code capPerText} tokens (an embeddings input). */
    void text(String text, long capPerText) {
        if (unbounded || text.isEmpty()) {
            return;
        }
        for (int i = 0; i < encodings.length; i++) {
            textTokens[i] += Math.min(encodings[i].countTokensOrdinary(text), capPerText);
        }
    }

    void fixed(long tokens) {
        fixedTokens += tokens;
    }

    /** Something whose tokens cannot be counted from the body (audio, a file, server-side content). */
    void unbounded() {
        unbounded = true;
    }

    boolean isUnbounded() {
        return unbounded;
    }

    /** The larger of the per-encoding totals plus the fixed part (meaningless once unbounded). */
    long counted() {
        long text = 0;
        for (long tokens : textTokens) {
            text = Math.max(text, tokens);
        }
        return text + fixedTokens;
    }

    /** The bound to hold: the count capped at the model's window, or the whole window when unbounded. */
    int bound(ModelFamily family) {
        if (unbounded) {
            return family.contextWindow();
        }
        long counted = counted();
        if (family.known()) {
            counted = Math.min(counted, family.contextWindow());
        }
        return (int) Math.min(counted, Integer.MAX_VALUE);
    }
}
