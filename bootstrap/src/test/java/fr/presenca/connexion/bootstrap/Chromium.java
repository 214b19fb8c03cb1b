package fr.presenca.connexion.bootstrap;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Debian's headless Chromium driven over the DevTools protocol (JSON over the JDK's WebSocket: no driver binary, no
 * browser download). The browser reaches 127.0.0.1 and localhost only: every other host name fails to resolve, and
 * everything else goes to a proxy that refuses, so a page that needs the internet cannot load.
 */
final class Chromium implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    /** Longer than any wait of the page itself, so that the page's own message is the one reported. */
    private static final Duration AT_MOST = Duration.ofSeconds(90);

    private final Process process;
    private final Path profile;
    private final WebSocket page;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<Map<String, Object>>> calls = new ConcurrentHashMap<>();
    private final List<BiConsumer<String, Map<String, Object>>> listeners = new CopyOnWriteArrayList<>();

    private Chromium(Process process, Path profile, WebSocket page) {
        this.process = process;
        this.profile = profile;
        this.page = page;
    }

    /** The browser binary: {@code $CHROMIUM}, else the first of chromium or chromium-browser on the PATH. */
    static Optional<Path> binary() {
        String configured = System.getenv("CHROMIUM");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .flatMap(dir -> Stream.of("chromium", "chromium-browser").map(name -> Path.of(dir, name)))
                .filter(Files::isExecutable).findFirst();
    }

    static Chromium launch(Path binary) throws Exception {
        Path profile = Files.createTempDirectory("openai-connexion-chromium");
        Process process = new ProcessBuilder(binary.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--metrics-recording-only", "--password-store=basic",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
                // Loopback never goes through a proxy; anything else goes to this port, where nothing listens.
                "--proxy-server=http://127.0.0.1:9",
                "--remote-debugging-port=0", "--remote-allow-origins=*", "--user-data-dir=" + profile, "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            URI browser = URI.create(devToolsAddress(process).get(AT_MOST.toSeconds(), TimeUnit.SECONDS));
            HttpClient http = HttpClient.newHttpClient();
            String targets = http.send(HttpRequest.newBuilder(URI.create("http://" + browser.getAuthority() + "/json/list"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            String pageAddress = JSON.readValue(targets, new TypeReference<List<Map<String, Object>>>() {
            }).stream().filter(target -> "page".equals(target.get("type"))).findFirst()
                    .map(target -> (String) target.get("webSocketDebuggerUrl"))
                    .orElseThrow(() -> new IllegalStateException("Chromium opened no page: " + targets));
            Listener listener = new Listener();
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(pageAddress), listener)
                    .get(AT_MOST.toSeconds(), TimeUnit.SECONDS);
            Chromium chromium = new Chromium(process, profile, socket);
            listener.chromium = chromium;
            chromium.call("Page.enable", Map.of());
            chromium.call("Runtime.enable", Map.of());
            chromium.call("Network.enable", Map.of());
            return chromium;
        } catch (Exception | Error e) {
            process.destroyForcibly();
            delete(profile);
            throw e;
        }
    }

    /** Reads the browser's stderr up to the line naming its DevTools address, then keeps draining it. */
    private static CompletableFuture<String> devToolsAddress(Process process) {
        CompletableFuture<String> address = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            StringBuilder seen = new StringBuilder();
            try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = err.readLine(); line != null; line = err.readLine()) {
                    Matcher listening = LISTENING.matcher(line);
                    if (!address.isDone() && listening.find()) {
                        address.complete(listening.group(1));
                    } else if (!address.isDone()) {
                        seen.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                // The browser is gone.
            }
            address.completeExceptionally(new IllegalStateException("Chromium exited before listening:\n" + seen));
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        return address;
    }

    /** Calls a DevTools method and waits for its result. */
    Map<String, Object> call(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();
        calls.put(id, answer);
        page.sendText(JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params)), true)
                .get(AT_MOST.toSeconds(), TimeUnit.SECONDS);
        Map<String, Object> response = answer.get(AT_MOST.toSeconds(), TimeUnit.SECONDS);
        if (response.get("error") != null) {
            throw new IllegalStateException(method + " failed: " + response.get("error"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) response.get("result");
        return result;
    }

    /** Every DevTools event from now on: its method and params. */
    void onEvent(BiConsumer<String, Map<String, Object>> listener) {
        listeners.add(listener);
    }

    /** Opens {@code url} and waits for its load event. */
    void navigate(String url) throws Exception {
        CompletableFuture<Void> loaded = new CompletableFuture<>();
        BiConsumer<String, Map<String, Object>> onLoad = (method, params) -> {
            if ("Page.loadEventFired".equals(method)) {
                loaded.complete(null);
            }
        };
        listeners.add(onLoad);
        try {
            Map<String, Object> navigation = call("Page.navigate", Map.of("url", url));
            if (navigation.get("errorText") != null) {
                throw new IllegalStateException("cannot open " + url + ": " + navigation.get("errorText"));
            }
            loaded.get(AT_MOST.toSeconds(), TimeUnit.SECONDS);
        } finally {
            listeners.remove(onLoad);
        }
    }

    /** Evaluates {@code expression} in the page (awaiting it if it is a promise) and returns its JSON value. */
    Object evaluate(String expression) throws Exception {
        Map<String, Object> evaluated = call("Runtime.evaluate", Map.of("expression", expression,
                "awaitPromise", true, "returnByValue", true));
        if (evaluated.get("exceptionDetails") != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> details = (Map<String, Object>) evaluated.get("exceptionDetails");
            Object exception = details.get("exception") instanceof Map<?, ?> thrown ? thrown.get("description") : null;
            throw new AssertionError("in the page: " + (exception != null ? exception : details.get("text")));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) evaluated.get("result");
        return result.get("value");
    }

    /**
     * A page expression that resolves with {@code condition}'s first truthy value, checked on every animation
     * frame, or rejects after {@code seconds} with {@code description}.
     */
    static String waitFor(String condition, int seconds, String description) {
        return """
                new Promise((resolve, reject) => {
                  const deadline = performance.now() + %d * 1000;
                  const check = () => {
                    let value;
                    try { value = (%s); } catch (e) { value = undefined; }
                    if (value) { resolve(value); }
                    else if (performance.now() > deadline) { reject(new Error(%s)); }
                    else { requestAnimationFrame(check); }
                  };
                  check();
                })""".formatted(seconds, condition, JSON.writeValueAsString("not within " + seconds + " s: " + description));
    }

    @Override
    public void close() throws Exception {
        page.abort();
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
        delete(profile);
    }

    private static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private volatile Chromium chromium;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                Map<String, Object> message = JSON.readValue(partial.toString(), OBJECT);
                partial.setLength(0);
                if (chromium != null) {
                    chromium.dispatch(message);
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private void dispatch(Map<String, Object> message) {
        Object id = message.get("id");
        if (id instanceof Number number) {
            CompletableFuture<Map<String, Object>> answer = calls.remove(number.intValue());
            if (answer != null) {
                answer.complete(message);
            }
        } else if (message.get("method") instanceof String method) {
            Map<String, Object> params = (Map<String, Object>) message.getOrDefault("params", Map.of());
            listeners.forEach(listener -> listener.accept(method, params));
        }
    }
}
