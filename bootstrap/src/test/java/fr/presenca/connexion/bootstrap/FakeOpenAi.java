package fr.presenca.connexion.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.BufferedSink;

/**
 * A local OpenAI on a real HTTP server, answering with OpenAI's own shapes (JSON answers, SSE streams, error
 * bodies) as each test scripts it, and recording every request it receives. One per test JVM ({@link #SHARED}),
 * the upstream of the shared application context.
 */
final class FakeOpenAi {

    static final FakeOpenAi SHARED = start();
    static final String REQUEST_ID = "req_fake0123456789";

    private final MockWebServer server;
    private final List<RecordedRequest> received = new CopyOnWriteArrayList<>();
    private volatile Function<RecordedRequest, MockResponse> answer = FakeOpenAi::chat;

    private FakeOpenAi(MockWebServer server) {
        this.server = server;
    }

    private static FakeOpenAi start() {
        MockWebServer server = new MockWebServer();
        FakeOpenAi fake = new FakeOpenAi(server);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                fake.received.add(request);
                return fake.answer.apply(request);
            }
        });
        try {
            server.start(InetAddress.getLoopbackAddress(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fake;
    }

    String baseUrl() {
        return server.url("/v1").toString();
    }

    void reset() {
        received.clear();
        answer = FakeOpenAi::chat;
    }

    void answer(Function<RecordedRequest, MockResponse> answer) {
        this.answer = answer;
    }

    List<RecordedRequest> received() {
        return List.copyOf(received);
    }

    // ------------------------------------------------------------------ OpenAI's answers

    /** A chat completion with this usage. */
    static MockResponse chat(int promptTokens, int cachedTokens, int completionTokens) {
        return json(200, """
                {"id":"chatcmpl-fake","object":"chat.completion","created":1764633600,"model":"gpt-4o-mini-2024-07-18",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Bonjour !","refusal":null,"annotations":[]},
                             "logprobs":null,"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d,
                          "prompt_tokens_details":{"cached_tokens":%d,"audio_tokens":0},
                          "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,
                                                       "accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},
                 "service_tier":"default","system_fingerprint":"fp_fake"}""".formatted(promptTokens, completionTokens,
                promptTokens + completionTokens, cachedTokens));
    }

    private static MockResponse chat(RecordedRequest request) {
        return chat(12, 0, 5);
    }

    static MockResponse embeddings(int promptTokens) {
        return json(200, """
                {"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.0023064255,-0.009327292,0.015797347]}],
                 "model":"text-embedding-3-small","usage":{"prompt_tokens":%d,"total_tokens":%d}}"""
                .formatted(promptTokens, promptTokens));
    }

    static MockResponse response(int inputTokens, int cachedTokens, int outputTokens) {
        return json(200, """
                {"id":"resp_fake","object":"response","created_at":1764633600,"status":"completed","model":"gpt-4o-mini",
                 "output":[{"type":"message","id":"msg_fake","status":"completed","role":"assistant",
                            "content":[{"type":"output_text","text":"Bonjour !","annotations":[]}]}],
                 "parallel_tool_calls":true,"tool_choice":"auto","tools":[],"error":null,"incomplete_details":null,
                 "instructions":null,"metadata":{},"temperature":1.0,"top_p":1.0,
                 "usage":{"input_tokens":%d,"input_tokens_details":{"cached_tokens":%d},"output_tokens":%d,
                          "output_tokens_details":{"reasoning_tokens":0},"total_tokens":%d}}"""
                .formatted(inputTokens, cachedTokens, outputTokens, inputTokens + outputTokens));
    }

    /** OpenAI's error body, e.g. 401 invalid_api_key or 429 insufficient_quota (whose code may be null). */
    static MockResponse error(int status, String code, String type, String message) {
        return json(status, """
                {"error":{"message":"%s","type":"%s","param":null,"code":%s}}""".formatted(message, type,
                code == null ? "null" : "\"" + code + "\""));
    }

    static MockResponse json(int status, String body) {
        return new MockResponse.Builder().code(status)
                .addHeader("Content-Type", "application/json")
                .addHeader("x-request-id", REQUEST_ID)
                .body(body)
                .build();
    }

    /** A chat stream: content chunks, then (when asked for) the usage chunk, then [DONE]. */
    static List<String> chatStreamEvents(RecordedRequest request, int promptTokens, int completionTokens) {
        boolean withUsage = request.getBody() != null
                && request.getBody().utf8().replace(" ", "").contains("\"include_usage\":true");
        String usageNull = withUsage ? ",\"usage\":null" : "";
        List<String> events = new java.util.ArrayList<>();
        events.add("{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1764633600,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]" + usageNull + "}");
        for (String word : List.of("Bon", "jour", " !")) {
            events.add("{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1764633600,\"model\":\"gpt-4o-mini\","
                    + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + word + "\"},\"finish_reason\":null}]" + usageNull + "}");
        }
        events.add("{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1764633600,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]" + usageNull + "}");
        if (withUsage) {
            events.add("{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1764633600,\"model\":\"gpt-4o-mini\","
                    + "\"choices\":[],\"usage\":{\"prompt_tokens\":" + promptTokens + ",\"completion_tokens\":" + completionTokens
                    + ",\"total_tokens\":" + (promptTokens + completionTokens)
                    + ",\"prompt_tokens_details\":{\"cached_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0}}}");
        }
        return events;
    }

    /**
     * An event stream of these JSON events (then {@code [DONE]} unless {@code cutAfter} stops it first). After
     * {@code pauseAfter} events it waits for {@code resume} (bounded); after {@code cutAfter} events the socket
     * is closed with no end of stream.
     */
    static MockResponse eventStream(List<String> events, int pauseAfter, CountDownLatch resume, int cutAfter) {
        MockResponseBody body = new MockResponseBody() {
            @Override
            public long getContentLength() {
                return -1;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                for (int i = 0; i < events.size(); i++) {
                    if (i == cutAfter) {
                        throw new IOException("the fake cuts the stream");
                    }
                    if (i == pauseAfter) {
                        try {
                            resume.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IOException(e);
                        }
                    }
                    chunk(sink, "data: " + events.get(i) + "\n\n");
                }
                if (cutAfter > events.size()) {
                    chunk(sink, "data: [DONE]\n\n");
                    sink.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    sink.flush();
                }
            }

            /** One HTTP/1.1 chunk, flushed: the body is framed here, as the server sends it as it comes. */
            private void chunk(BufferedSink sink, String text) throws IOException {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                sink.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                sink.write(bytes);
                sink.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                sink.flush();
            }
        };
        MockResponse.Builder builder = new MockResponse.Builder().code(200)
                .addHeader("Content-Type", "text/event-stream; charset=utf-8")
                .addHeader("x-request-id", REQUEST_ID)
                .body(body)
                .removeHeader("Content-Length")
                .setHeader("Transfer-Encoding", "chunked");
        if (cutAfter <= events.size()) {
            builder.onResponseEnd(new SocketEffect.CloseSocket());
        }
        return builder.build();
    }

    static MockResponse eventStream(List<String> events) {
        return eventStream(events, Integer.MAX_VALUE, new CountDownLatch(0), Integer.MAX_VALUE);
    }

    /** Closes the connection instead of answering: OpenAI out of reach, at once. */
    static MockResponse cut() {
        return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
    }

    /** Never answers (the call runs into the gateway's timeout). */
    static MockResponse hang() {
        return new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
    }
}
