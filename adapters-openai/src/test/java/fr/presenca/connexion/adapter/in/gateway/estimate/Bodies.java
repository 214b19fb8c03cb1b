package fr.presenca.connexion.adapter.in.gateway.estimate;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Test bodies and a tokenizer independent of the estimator's own registry. */
final class Bodies {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();
    static final Encoding O200K = REGISTRY.getEncoding(EncodingType.O200K_BASE);
    static final Encoding CL100K = REGISTRY.getEncoding(EncodingType.CL100K_BASE);

    private Bodies() {
    }

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** A chat body with one user message. */
    static ObjectNode chat(String model, String userText) {
        ObjectNode body = object().put("model", model);
        body.putArray("messages").addObject().put("role", "user").put("content", userText);
        return body;
    }

    static String quoted(String text) {
        return JSON.writeValueAsString(text);
    }
}
