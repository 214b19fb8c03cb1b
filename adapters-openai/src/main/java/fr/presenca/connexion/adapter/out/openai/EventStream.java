package fr.presenca.connexion.adapter.out.openai;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import fr.presenca.connexion.application.gateway.OpenAiEndpoint;
import fr.presenca.connexion.application.gateway.TokenUsage;
import fr.presenca.connexion.application.gateway.UpstreamError;
import fr.presenca.connexion.application.gateway.UpstreamFailure;
import fr.presenca.connexion.application.gateway.UpstreamOutcome;
import io.vavr.control.Option;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One streamed answer (server-sent events) relayed event by event, as each arrives whole: the bytes pass
 * unchanged, and each event's JSON is read for OpenAI's usage and errors. A chat stream's usage chunk (no
 * choices, a usage) is dropped when the gateway asked for it and the client did not. Not thread-safe: one per
 * answer, fed by one subscription.
 */
final class EventStream {

    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

    private final JsonMapper json;
    private final OpenAiEndpoint endpoint;
    private final int status;
    private final boolean stripUsage;
    private final int maxEventBytes;

    private byte[] pending = new byte[8192];
    private int length;
    private int scanned;
    private volatile Option<TokenUsage> usage = Option.none();
    private volatile Option<UpstreamError> error = Option.none();

    EventStream(JsonMapper json, OpenAiEndpoint endpoint, int status, boolean stripUsage, int maxEventBytes) {
        this.json = json;
        this.endpoint = endpoint;
        this.status = status;
        this.stripUsage = stripUsage;
        this.maxEventBytes = maxEventBytes;
    }

    Flux<byte[]> relay(Flux<DataBuffer> body) {
        return body.concatMapIterable(this::events, 1)
                // A last event the server did not terminate with a blank line still goes out.
                .concatWith(Flux.defer(() -> length == 0 ? Flux.empty() : Flux.fromIterable(rest())));
    }

    UpstreamOutcome outcome() {
        return new UpstreamOutcome(usage, error);
    }

    private java.util.List<byte[]> events(DataBuffer buffer) {
        try {
            int readable = buffer.readableByteCount();
            ensure(length + readable);
            buffer.read(pending, length, readable);
            length += readable;
        } finally {
            DataBufferUtils.release(buffer);
        }
        java.util.List<byte[]> complete = new java.util.ArrayList<>(2);
        int start = 0;
        for (int i = Math.max(scanned, 1); i < length; i++) {
            int end = eventEnd(i);
            if (end > 0) {
                byte[] event = Arrays.copyOfRange(pending, start, end);
                if (keep(event)) {
                    complete.add(event);
                }
                start = end;
                i = end;
            }
        }
        if (start > 0) {
            System.arraycopy(pending, start, pending, 0, length - start);
            length -= start;
        }
        scanned = length;
        if (length > maxEventBytes) {
            throw new UpstreamFailure(UpstreamFailure.Kind.BROKEN, "an event of OpenAI's stream exceeds "
                    + maxEventBytes + " bytes", null);
        }
        return complete;
    }

    /** The index just past a blank line ending at {@code i} (LF LF or LF CR LF), else 0. */
    private int eventEnd(int i) {
        if (pending[i] != '\n') {
            return 0;
        }
        if (pending[i - 1] == '\n') {
            return i + 1;
        }
        if (i >= 2 && pending[i - 1] == '\r' && pending[i - 2] == '\n') {
            return i + 1;
        }
        return 0;
    }

    private java.util.List<byte[]> rest() {
        byte[] event = Arrays.copyOf(pending, length);
        length = 0;
        return keep(event) ? java.util.List.of(event) : java.util.List.of();
    }

    private void ensure(int capacity) {
        if (capacity > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(capacity, pending.length * 2));
        }
    }

    /** Reads the event; false when it is the usage chunk to drop. */
    private boolean keep(byte[] event) {
        byte[] data = dataOf(event);
        if (data.length == 0 || Arrays.equals(data, DONE)) {
            return true;
        }
        JsonNode node;
        try {
            node = json.readTree(data);
        } catch (JacksonException e) {
            return true; // not ours to judge: passed on as it came
        }
        Option<UpstreamError> failure = UsageReader.errorOf(status, node);
        if (failure.isDefined()) {
            error = failure;
        }
        if (endpoint == OpenAiEndpoint.RESPONSES) {
            String type = node.path("type").asString("");
            if (type.equals("response.completed") || type.equals("response.incomplete") || type.equals("response.failed")) {
                Option<TokenUsage> reported = UsageReader.usageOf(node.path("response").get("usage"));
                if (reported.isDefined()) {
                    usage = reported;
                }
                if (type.equals("response.failed") && error.isEmpty()) {
                    error = UsageReader.errorOf(status, node.path("response"));
                }
            }
            return true;
        }
        Option<TokenUsage> reported = UsageReader.usageOf(node.get("usage"));
        if (reported.isEmpty()) {
            return true;
        }
        usage = reported;
        JsonNode choices = node.get("choices");
        boolean usageOnly = choices == null || (choices.isArray() && choices.isEmpty());
        return !(stripUsage && usageOnly);
    }

    /** The event's data lines joined with LF (the SSE rule), without the "data:" prefixes. */
    private static byte[] dataOf(byte[] event) {
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream(event.length);
        int lineStart = 0;
        boolean first = true;
        for (int i = 0; i <= event.length; i++) {
            if (i == event.length || event[i] == '\n') {
                int lineEnd = i > lineStart && event[i - 1] == '\r' ? i - 1 : i;
                if (startsWith(event, lineStart, lineEnd, "data:")) {
                    int from = lineStart + 5;
                    if (from < lineEnd && event[from] == ' ') {
                        from++;
                    }
                    if (!first) {
                        data.write('\n');
                    }
                    data.write(event, from, lineEnd - from);
                    first = false;
                }
                lineStart = i + 1;
            }
        }
        return data.toByteArray();
    }

    private static boolean startsWith(byte[] bytes, int from, int to, String prefix) {
        if (to - from < prefix.length()) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (bytes[from + k] != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
