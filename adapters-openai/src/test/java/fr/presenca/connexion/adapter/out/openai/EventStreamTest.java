package fr.presenca.connexion.adapter.out.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import fr.presenca.connexion.application.gateway.OpenAiEndpoint;
import fr.presenca.connexion.application.gateway.TokenUsage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

@DisplayName("A relayed event stream")
class EventStreamTest {

    private static final String CHUNK = "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Bon\"}}],\"usage\":null}";
    private static final String USAGE = "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":40,\"completion_tokens\":3,\"prompt_tokens_details\":{\"cached_tokens\":32}}}";

    private static String stream(String... events) {
        StringBuilder text = new StringBuilder();
        for (String event : events) {
            text.append("data: ").append(event).append("\n\n");
        }
        return text.append("data: [DONE]\n\n").toString();
    }

    /** The text cut in random pieces, as the network may deliver it. */
    private static Flux<DataBuffer> pieces(String text, long seed) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Random random = new Random(seed);
        List<DataBuffer> buffers = new ArrayList<>();
        for (int from = 0; from < bytes.length; ) {
            int to = Math.min(bytes.length, from + 1 + random.nextInt(40));
            buffers.add(DefaultDataBufferFactory.sharedInstance.wrap(java.util.Arrays.copyOfRange(bytes, from, to)));
            from = to;
        }
        return Flux.fromIterable(buffers);
    }

    @Test
    @DisplayName("passes every event through whole, however the bytes are cut, and reads the usage")
    void passesEventsThrough() {
        String text = stream(CHUNK, CHUNK, USAGE);
        for (long seed = 0; seed < 50; seed++) {
            EventStream events = new EventStream(JsonMapper.builder().build(), OpenAiEndpoint.CHAT_COMPLETIONS, 200, false, 1 << 20);
            List<String> out = events.relay(pieces(text, seed)).map(b -> new String(b, StandardCharsets.UTF_8)).collectList().block();
            assertThat(String.join("", out)).isEqualTo(text);
            assertThat(out).hasSize(4).allSatisfy(event -> assertThat(event).startsWith("data: ").endsWith("\n\n"));
            assertThat(events.outcome().usage()).contains(new TokenUsage(40, 32, 3));
        }
    }

    @Test
    @DisplayName("drops the usage chunk the client did not ask for, and still reads it")
    void stripsUsage() {
        EventStream events = new EventStream(JsonMapper.builder().build(), OpenAiEndpoint.CHAT_COMPLETIONS, 200, true, 1 << 20);
        String out = String.join("", events.relay(pieces(stream(CHUNK, USAGE), 7)).map(b -> new String(b, StandardCharsets.UTF_8))
                .collectList().block());
        assertThat(out).isEqualTo(stream(CHUNK));
        assertThat(events.outcome().usage()).contains(new TokenUsage(40, 32, 3));
    }

    @Test
    @DisplayName("reads a Responses stream's usage from response.completed, and an error event")
    void responses() {
        String completed = "{\"type\":\"response.completed\",\"response\":{\"id\":\"r\",\"usage\":{\"input_tokens\":9,\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":2}}}";
        EventStream events = new EventStream(JsonMapper.builder().build(), OpenAiEndpoint.RESPONSES, 200, false, 1 << 20);
        events.relay(pieces("event: response.completed\ndata: " + completed + "\n\n", 3)).blockLast();
        assertThat(events.outcome().usage()).contains(new TokenUsage(9, 0, 2));

        EventStream failed = new EventStream(JsonMapper.builder().build(), OpenAiEndpoint.CHAT_COMPLETIONS, 200, false, 1 << 20);
        failed.relay(pieces(stream("{\"error\":{\"message\":\"boom\",\"type\":\"server_error\",\"code\":null}}"), 5)).blockLast();
        assertThat(failed.outcome().error().map(e -> e.message())).containsExactly("boom");
    }
}
