package fr.presenca.connexion.adapter.in.gateway.estimate;

/** The OpenAI endpoints whose calls the gateway meters, each with its own body shape. */
public enum GatewayEndpoint {
    CHAT_COMPLETIONS,
    RESPONSES,
    EMBEDDINGS
}
