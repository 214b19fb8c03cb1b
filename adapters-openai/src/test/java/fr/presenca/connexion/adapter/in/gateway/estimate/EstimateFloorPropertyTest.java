package fr.presenca.connexion.adapter.in.gateway.estimate;

import com.knuddels.jtokkit.api.Encoding;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Random;

import static fr.presenca.connexion.adapter.in.gateway.estimate.Bodies.CL100K;
import static fr.presenca.connexion.adapter.in.gateway.estimate.Bodies.O200K;
import static fr.presenca.connexion.adapter.in.gateway.estimate.Bodies.object;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("For any conversation, the estimate is at least its content tokens plus the documented framing")
class EstimateFloorPropertyTest {

    private static final int CASES_PER_SEED = 150;
    private static final List<String> MODELS =
            List.of("gpt-4o", "gpt-4o-mini", "gpt-4.1-nano", "gpt-5", "o3", "gpt-4", "gpt-3.5-turbo", "brand-new-model");
    private static final List<String> ROLES = List.of("system", "developer", "user", "assistant", "tool");
    private static final List<String> WORDS = List.of("the", " invoice", "Lyon", "résumé", "naïve", "東京", "お誕生日",
            "Привет", "مرحبا", "नमस्ते", "🎉", "\n\n", "   ", "<|endoftext|>", "{\"a\":1}", "12345", "ß", "\t", "é");

    private final CallEstimator estimator = new CallEstimator();

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1L, 7L, 42L, 2026L, 90210L})
    void the_estimate_is_never_below_the_content_plus_framing(long seed) {
        Random random = new Random(seed);
        for (int c = 0; c < CASES_PER_SEED; c++) {
            String model = MODELS.get(random.nextInt(MODELS.size()));
            ModelFamily family = ModelFamily.of(model);
            ObjectNode body = object().put("model", model);
            ArrayNode messages = body.putArray("messages");
            int count = 1 + random.nextInt(20);
            long[] floorPerEncoding = new long[2];
            long[] framingPerEncoding = new long[2];
            for (int m = 0; m < count; m++) {
                String role = ROLES.get(random.nextInt(ROLES.size()));
                ObjectNode message = messages.addObject().put("role", role);
                addTokens(framingPerEncoding, role);
                if (random.nextBoolean()) {
                    String text = text(random);
                    message.put("content", text);
                    addTokens(floorPerEncoding, text);
                } else {
                    ArrayNode parts = message.putArray("content");
                    for (int p = random.nextInt(4); p >= 0; p--) {
                        String text = text(random);
                        parts.addObject().put("type", "text").put("text", text);
                        addTokens(floorPerEncoding, text);
                    }
                }
                if (random.nextInt(5) == 0) {
                    String name = "speaker_" + random.nextInt(100);
                    message.put("name", name);
                    addTokens(framingPerEncoding, name);
                    framingPerEncoding[0]++;
                    framingPerEncoding[1]++;
                }
            }
            long content = pick(family, floorPerEncoding);
            long floor = capped(family, content + 3L * count + 3);
            // the cookbook's whole formula: roles and names are billed too
            long cookbook = capped(family, pick(family, new long[] {floorPerEncoding[0] + framingPerEncoding[0],
                floorPerEncoding[1] + framingPerEncoding[1]}) + 3L * count + 3);

            CallEstimate estimate = estimator.estimate(GatewayEndpoint.CHAT_COMPLETIONS, body)
                    .getOrElseThrow(problem -> new AssertionError("refused: " + problem));

            assertThat(estimate.inputTokens()).as("case %d of seed %d on %s", c, seed, model)
                    .isGreaterThanOrEqualTo((int) floor)
                    .isGreaterThanOrEqualTo((int) cookbook);
        }
    }

    private static long pick(ModelFamily family, long[] perEncoding) {
        if (family.encodings().size() == 2) {
            return Math.max(perEncoding[0], perEncoding[1]);
        }
        return family.encodings().get(0) == com.knuddels.jtokkit.api.EncodingType.O200K_BASE ? perEncoding[0] : perEncoding[1];
    }

    private static long capped(ModelFamily family, long tokens) {
        return family.known() ? Math.min(tokens, family.contextWindow()) : tokens;
    }

    private static void addTokens(long[] floorPerEncoding, String text) {
        Encoding[] encodings = {O200K, CL100K};
        for (int i = 0; i < encodings.length; i++) {
            floorPerEncoding[i] += encodings[i].countTokensOrdinary(text);
        }
    }

    /** Words from several scripts, emoji, whitespace runs, special-token strings and random code points. */
    private static String text(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            if (random.nextInt(4) == 0) {
                text.appendCodePoint(randomCodePoint(random));
            } else {
                text.append(WORDS.get(random.nextInt(WORDS.size())));
            }
            if (random.nextBoolean()) {
                text.append(' ');
            }
        }
        return text.toString();
    }

    private static int randomCodePoint(Random random) {
        int[][] ranges = {{0x20, 0x7E}, {0xC0, 0x24F}, {0x400, 0x4FF}, {0x600, 0x6FF}, {0x3040, 0x30FF},
            {0x4E00, 0x9FFF}, {0xAC00, 0xD7A3}, {0x1F300, 0x1F6FF}};
        int[] range = ranges[random.nextInt(ranges.length)];
        return range[0] + random.nextInt(range[1] - range[0] + 1);
    }
}
