package fr.presenca.connexion.application.gateway;

/** The OpenAI endpoints the gateway forwards, by their path under the API's base URL. */
public enum OpenAiEndpoint {
    CHAT_COMPLETIONS("chat/completions"),
    RESPONSES("responses"),
    EMBEDDINGS("embeddings");

    private final String path;

    OpenAiEndpoint(String path) {
        this.path = path;
    }

    /** The path under the base URL, without a leading slash. */
    public String path() {
        return path;
    }
}
