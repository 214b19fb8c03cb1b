package fr.presenca.connexion.adapter.in.gateway.estimate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Random;

/**
 * How long an estimate of a ~100 KB chat body takes, warm. A plain main, not a test (timings are not asserted):
 * {@code java -cp <test classpath> fr.presenca.connexion.adapter.in.gateway.estimate.EstimateTiming}.
 */
public final class EstimateTiming {

    private EstimateTiming() {
    }

    public static void main(String[] args) {
        CallEstimator estimator = new CallEstimator();
        for (String model : new String[] {"gpt-4o-mini", "gpt-4", "brand-new-model"}) {
            for (String kind : new String[] {"english", "mixed"}) {
                JsonNode body = body(model, kind.equals("mixed"));
                int bytes = body.toString().length();
                long tokens = 0;
                for (int i = 0; i < 300; i++) {
                    tokens += estimator.estimate(GatewayEndpoint.CHAT_COMPLETIONS, body).get().inputTokens();
                }
                int rounds = 500;
                long start = System.nanoTime();
                for (int i = 0; i < rounds; i++) {
                    tokens += estimator.estimate(GatewayEndpoint.CHAT_COMPLETIONS, body).get().inputTokens();
                }
                double micros = (System.nanoTime() - start) / 1_000.0 / rounds;
                System.out.printf("%-16s %-8s %,7d bytes %,7d tokens: %,8.1f µs per estimate (%d)%n", model, kind, bytes,
                        estimator.estimate(GatewayEndpoint.CHAT_COMPLETIONS, body).get().inputTokens(), micros, tokens % 7);
            }
        }
    }

    /** ~100 KB of conversation: 100 messages of ~1 KB prose, English or mixed scripts. */
    private static JsonNode body(String model, boolean mixed) {
        Random random = new Random(3);
        String[] english = ("the invoice was sent to the client on Monday and payment is due within thirty days of "
                + "receipt unless otherwise agreed in writing by both parties").split(" ");
        String[] other = {"契約は", "解除されます", "Привет,", "как", "дела", "مرحبا", "résumé", "naïve", "🎉", "東京都"};
        ObjectNode body = Bodies.object().put("model", model);
        ArrayNode messages = body.putArray("messages");
        for (int m = 0; m < 100; m++) {
            StringBuilder text = new StringBuilder();
            while (text.length() < 1_000) {
                String[] words = mixed && random.nextInt(3) == 0 ? other : english;
                text.append(words[random.nextInt(words.length)]).append(' ');
            }
            messages.addObject().put("role", m % 2 == 0 ? "user" : "assistant").put("content", text.toString());
        }
        return body;
    }
}
