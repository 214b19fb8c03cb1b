package fr.presenca.connexion.bootstrap;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A graphql-transport-ws client on the JDK's WebSocket (no Netty: it outlives the application contexts tests close):
 * the messages as they arrive, and the close code the server sent.
 */
final class GraphQlSocket implements WebSocket.Listener {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final BlockingQueue<Map<String, Object>> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    private GraphQlSocket() {
    }

    /** Opens {@code ws://localhost:port/graphql}, sending {@code Origin} unless null. */
    static CompletableFuture<GraphQlSocket> open(int port, String origin) {
        GraphQlSocket listener = new GraphQlSocket();
        WebSocket.Builder builder = CLIENT.newWebSocketBuilder().subprotocols("graphql-transport-ws")
                .connectTimeout(Duration.ofSeconds(10));
        if (origin != null) {
            builder.header("Origin", origin);
        }
        return builder.buildAsync(URI.create("ws://localhost:" + port + "/graphql"), listener)
                .thenApply(socket -> {
                    listener.socket = socket;
                    return listener;
                });
    }

    static String connectionInit(String token) {
        return json(Map.of("type", "connection_init", "payload", Map.of("Authorization", "Bearer " + token)));
    }

    static String json(Object message) {
        return JSON.writeValueAsString(message);
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    /** The next message, waiting at most {@code timeout}; fails if the socket closes first or nothing comes. */
    Map<String, Object> next(Duration timeout) throws InterruptedException {
        return next(timeout, "the socket");
    }

    /** {@link #next(Duration)}, naming {@code which} socket in the failure. */
    Map<String, Object> next(Duration timeout, String which) throws InterruptedException {
        Map<String, Object> message = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError(which + ": no message within " + timeout + (closeCode.isDone()
                    ? "; closed with " + closeCode.getNow(null) : ""));
        }
        return message;
    }

    /** The close code the server sent (the future fails if the connection broke without one). */
    CompletableFuture<Integer> closeCode() {
        return closeCode;
    }

    void abort() {
        if (socket != null) {
            socket.abort();
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            messages.add(JSON.readValue(partial.toString(), new TypeReference<Map<String, Object>>() {
            }));
            partial.setLength(0);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.completeExceptionally(error);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        return null;
    }
}
