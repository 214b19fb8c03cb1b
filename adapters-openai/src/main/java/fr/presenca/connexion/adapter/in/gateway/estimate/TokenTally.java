package fr.presenca.connexion.adapter.in.gateway.estimate;

import com.knuddels.jtokkit.api.Encoding;

/**
 * The input tokens of one body as they are counted: text per encoding (an unknown model keeps the larger of its two
 * totals), fixed overheads and bounds (messages, images) apart, and whether something was met that only the model's
 * context window bounds.
 *
 * <p>Tokenizing costs CPU in proportion to the text (about 40 ns a character for English on o200k_base, over 1 µs for
 * long runs of CJK without spaces), so a body does not get to spend it without limit: once the count reaches
 * {@code stopAt} (the window of a known model, which caps the result anyway) or the body is unbounded, text is no
 * longer tokenized; past {@link #TOKENIZED_CHARS_BUDGET} characters, further text is bounded by its UTF-8 length
 * (every token is at least one byte), which over-counts but never under-counts.
 */
final class TokenTally {

    static final long TOKENIZED_CHARS_BUDGET = 512 * 1024;

    private final Encoding[] encodings;
    private final long stopAt;
    private final long[] textTokens;
    private long fixedTokens;
    private long tokenizedChars;
    private boolean unbounded;

    TokenTally(Encoding[] encodings, long stopAt) {
        this.encodings = encodings;
        this.stopAt = stopAt;
        this.textTokens = new long[encodings.length];
    }

    /** Text as OpenAI tokenizes it: special-token strings in the text are ordinary text there too. */
    void text(String text) {
        text(text, Long.MAX_VALUE);
    }

    /** Text of which OpenAI refuses more than {@code capPerText} tokens (an embeddings input). */
    void text(String text, long capPerText) {
        if (unbounded || text.isEmpty() || counted() >= stopAt) {
            return;
        }
        if (tokenizedChars + text.length() > TOKENIZED_CHARS_BUDGET) {
            long bytes = Math.min(utf8Length(text), capPerText);
            for (int i = 0; i < encodings.length; i++) {
                textTokens[i] += bytes;
            }
            return;
        }
        tokenizedChars += text.length();
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

    /** UTF-8 bytes of the text; an unpaired surrogate counts 3, more than the 1 byte it becomes. */
    static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
