package fr.presenca.connexion.application.gateway;

import java.util.Objects;

/**
 * OpenAI could not be reached, or its answer did not arrive whole. {@link #mayHaveReachedOpenAi()} tells the
 * settlement whether OpenAI may bill the call (it may, unless the connection was never made).
 */
public class UpstreamFailure extends RuntimeException {

    public enum Kind {
        /** No connection could be made: OpenAI never saw the call. */
        UNREACHABLE,
        /** The call ran out of its time. */
        TIMEOUT,
        /** The answer broke off, or could not be read. */
        BROKEN
    }

    private final Kind kind;

    public UpstreamFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }

    public boolean mayHaveReachedOpenAi() {
        return kind != Kind.UNREACHABLE;
    }
}
