package fr.presenca.connexion.benchmark;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The gateway against calling the same upstream directly, in one run: a fake OpenAI in this JVM (JDK HTTP server,
 * chat completions as JSON or as an SSE stream), then for each mode (non-stream, stream) a closed-loop saturation
 * run of each path (throughput ratio) and an open-loop run of each at half the gateway's saturation rate (latency
 * measured from each call's scheduled start, so a stall is not hidden), with the service's CPU per call. Prints
 * a Markdown table. Each gateway call uses one of {@code connexions} seeded connexions, at random.
 */
public final class GatewayBenchmark {

    private static final String CHAT = "{\"id\":\"chatcmpl-b\",\"object\":\"chat.completion\",\"created\":1764633600,"
            + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Bonjour !\"},"
            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5,\"total_tokens\":17,"
            + "\"prompt_tokens_details\":{\"cached_tokens\":0}}}";

    public static void main(String[] args) throws Exception {
        Map<String, String> options = ClosedLoopLoad.parse(args);
        String service = options.getOrDefault("service", "http://localhost:18080");
        int upstreamPort = Integer.parseInt(options.getOrDefault("upstream-port", "18090"));
        String token = AuthorizeRequestBenchmark.jwt(options.get("secret"), options.get("user"), "authenticated",
                Duration.ofHours(2));
        long base = Long.parseLong(options.getOrDefault("connexion-base", "110000000000"));
        int connexions = Integer.parseInt(options.getOrDefault("connexions", "1000"));
        int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "16"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "20"));
        int measure = Integer.parseInt(options.getOrDefault("measure", "15"));
        long servicePid = Long.parseLong(options.getOrDefault("service-pid", "0"));

        HttpServer upstream = fakeOpenAi(upstreamPort);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(4)).connectTimeout(Duration.ofSeconds(5)).build();
        String direct = "http://127.0.0.1:" + upstreamPort + "/v1/chat/completions";
        String gateway = service + "/openai/v1/chat/completions";

        List<String> rows = new ArrayList<>();
        // Both modes and both paths warmed up before anything is measured: the JIT compiles what both use.
        for (boolean stream : new boolean[] {false, true}) {
            closedLoop(http, new Target(gateway, body(stream), token, base, connexions), concurrency, warmup, 0);
            closedLoop(http, new Target(direct, body(stream), null, base, connexions), concurrency, Math.max(5, warmup / 4), 0);
        }
        for (boolean stream : new boolean[] {false, true}) {
            String body = body(stream);
            Target viaGateway = new Target(gateway, body, token, base, connexions);
            Target viaDirect = new Target(direct, body, null, base, connexions);
            Result gatewaySaturated = closedLoop(http, viaGateway, concurrency, measure, servicePid);
            Result directSaturated = closedLoop(http, viaDirect, concurrency, measure, 0);
            double rate = gatewaySaturated.throughput() / 2;
            Result directOpen = openLoop(http, viaDirect, rate, measure, 0);
            Result gatewayOpen = openLoop(http, viaGateway, rate, measure, servicePid);
            String mode = stream ? "stream" : "non-stream";
            rows.add(String.format(Locale.ROOT,
                    "| %s | %.0f | %.0f | %.2f | %.0f | %.2f / %.2f | %.2f / %.2f | +%.2f / +%.2f | %.2f | %d / %d |",
                    mode, gatewaySaturated.throughput(), directSaturated.throughput(),
                    gatewaySaturated.throughput() / directSaturated.throughput(), rate,
                    directOpen.p50(), directOpen.p99(), gatewayOpen.p50(), gatewayOpen.p99(),
                    gatewayOpen.p50() - directOpen.p50(), gatewayOpen.p99() - directOpen.p99(),
                    gatewayOpen.cpuMsPerCall(), gatewayOpen.errors() + gatewaySaturated.errors(),
                    gatewayOpen.calls() + gatewaySaturated.calls()));
        }
        upstream.stop(0);
        System.out.println("| mode | gateway saturated (calls/s) | direct saturated (calls/s) | ratio | open-loop rate (calls/s)"
                + " | direct p50 / p99 (ms) | gateway p50 / p99 (ms) | added p50 / p99 (ms) | service CPU per call (ms)"
                + " | gateway errors / calls |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.exit(0);
    }

    private static String body(boolean stream) {
        return "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Bonjour, une maison à Lyon ?\"}],"
                + "\"max_completion_tokens\":64" + (stream ? ",\"stream\":true" : "") + "}";
    }

    private record Target(String url, String body, String token, long base, int connexions) {

        HttpRequest request() {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (token != null) {
                builder.header("Authorization", "Bearer " + token).header("X-Presenca-Connexion",
                        ClosedLoopLoad.connexionId(base + 1 + ThreadLocalRandom.current().nextInt(connexions)));
            } else {
                builder.header("Authorization", "Bearer sk-direct");
            }
            return builder.build();
        }
    }

    private record Result(double throughput, double p50, double p99, long calls, long errors, double cpuMsPerCall) {
    }

    private static Result closedLoop(HttpClient http, Target target, int concurrency, int seconds, long pid)
            throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        long cpuBefore = pid == 0 ? 0 : ProcessCpu.ticks(pid);
        long start = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Thread worker = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(target.request(), HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    latencies.add(System.nanoTime() - sent);
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return result(latencies, elapsed, errors.get(), pid, cpuBefore);
    }

    private static Result openLoop(HttpClient http, Target target, double rate, int seconds, long pid) throws Exception {
        long interval = (long) (1e9 / rate);
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(seconds).toNanos();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        List<CompletableFuture<?>> calls = new ArrayList<>();
        long cpuBefore = pid == 0 ? 0 : ProcessCpu.ticks(pid);
        for (long scheduled = start; scheduled < end; scheduled += interval) {
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            long intended = scheduled;
            calls.add(http.sendAsync(target.request(), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, error) -> {
                        if (error != null || response.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                        latencies.add(System.nanoTime() - intended);
                    }));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        double elapsed = (System.nanoTime() - start) / 1e9;
        return result(latencies, elapsed, errors.get(), pid, cpuBefore);
    }

    private static Result result(ConcurrentLinkedQueue<Long> latencies, double elapsed, long errors, long pid,
                                 long cpuBefore) {
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        double cpuMs = pid == 0 ? 0 : (ProcessCpu.ticks(pid) - cpuBefore) * 10.0 / Math.max(1, sorted.length);
        return new Result(sorted.length / elapsed, percentile(sorted, 50), percentile(sorted, 99), sorted.length, errors,
                cpuMs);
    }

    private static double percentile(long[] sorted, int percent) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percent / 100.0 * sorted.length) - 1)] / 1e6;
    }

    /** OpenAI's chat completions, as JSON, or as a stream of 6 events with the usage chunk when asked. */
    private static HttpServer fakeOpenAi(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/v1/chat/completions", exchange -> answer(exchange));
        server.start();
        return server;
    }

    private static void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("x-request-id", "req_bench");
        if (body.contains("\"stream\":true")) {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (String word : Arrays.asList("Bon", "jour", " ", "!", "")) {
                    out.write(("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                            + "\"delta\":{\"content\":\"" + word + "\"},\"finish_reason\":null}],\"usage\":null}\n\n")
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                if (body.contains("\"include_usage\":true")) {
                    out.write(("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":"
                            + "{\"prompt_tokens\":12,\"completion_tokens\":5,\"total_tokens\":17}}\n\n").getBytes(StandardCharsets.UTF_8));
                }
                out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            }
            return;
        }
        byte[] answer = CHAT.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }
}
