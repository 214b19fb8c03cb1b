package fr.presenca.connexion.adapter.in.gateway.estimate;

public enum GatewayEndpoint { CHAT_COMPLETIONS, RESPONSES, EMBEDDINGS }
