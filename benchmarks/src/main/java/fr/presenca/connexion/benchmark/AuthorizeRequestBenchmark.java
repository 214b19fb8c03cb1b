package fr.presenca.connexion.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A minimal closed-loop load generator: C callers each send authorizeRequest over HTTP (real HS256 JWTs),
 * wait for the answer, and send the next, until N requests are done; optionally recordUsage after each
 * allowed answer. Prints throughput and latency percentiles. JDK only, no test framework: see README.md.
 */
public final class AuthorizeRequestBenchmark {

    private static final String AUTHORIZE = "mutation($input: AuthorizeRequestInput!) { authorizeRequest(input: $input)"
            + " { allowed reason reservationId } }";
    private static final String RECORD = "mutation($input: RecordUsageInput!) { recordUsage(input: $input) { id } }";

    private final Map<String, String> options;
    private final HttpClient http;
    private final URI url;
    private final String token;

    private AuthorizeRequestBenchmark(Map<String, String> options, ExecutorService executor) {
        this.options = options;
        this.url = URI.create(option("url", "http://localhost:8080/graphql"));
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String secret = option("secret", System.getenv("PRESENCA_JWT_SECRET"));
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("--secret=… or PRESENCA_JWT_SECRET is required (the service's JWT secret)");
        }
        String role = option("role", "service_role");
        String subject = option("subject", role.equals("service_role") ? UUID.randomUUID().toString() : null);
        if (subject == null) {
            throw new IllegalArgumentException("--subject=<users_id> is required with --role=authenticated");
        }
        this.token = jwt(secret, subject, role, Duration.ofHours(2));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        if (options.containsKey("help") || !options.containsKey("connexion")) {
            System.out.println(usage());
            return;
        }
        int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "16"));
        ExecutorService executor = Executors.newFixedThreadPool(concurrency + 2);
        try {
            AuthorizeRequestBenchmark benchmark = new AuthorizeRequestBenchmark(options, executor);
            int warmup = Integer.parseInt(options.getOrDefault("warmup", "200"));
            if (warmup > 0) {
                benchmark.run("warmup", warmup, concurrency, false);
            }
            benchmark.run("measure", Integer.parseInt(options.getOrDefault("requests", "2000")), concurrency, true);
        } finally {
            executor.shutdownNow();
        }
    }

    private void run(String phase, int requests, int concurrency, boolean report) throws InterruptedException {
        String runId = UUID.randomUUID().toString().substring(0, 8);
        boolean record = Boolean.parseBoolean(option("record", "false"));
        long[] latencies = new long[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicLong allowed = new AtomicLong();
        AtomicLong denied = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        CountDownLatch finished = new CountDownLatch(concurrency);
        ExecutorService callers = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        for (int c = 0; c < concurrency; c++) {
            callers.execute(() -> {
                try {
                    for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                        String key = phase + "-" + runId + "-" + i;
                        long sent = System.nanoTime();
                        String answer = call(AUTHORIZE, authorizeInput(key));
                        if (answer == null || answer.contains("\"errors\"")) {
                            errors.incrementAndGet();
                        } else if (answer.contains("\"allowed\":true")) {
                            allowed.incrementAndGet();
                            if (record) {
                                String reservation = between(answer, "\"reservationId\":\"", "\"");
                                String usage = call(RECORD, recordInput(key, reservation));
                                if (usage == null || usage.contains("\"errors\"")) {
                                    errors.incrementAndGet();
                                }
                            }
                        } else {
                            denied.incrementAndGet();
                        }
                        latencies[i] = System.nanoTime() - sent;
                    }
                } finally {
                    finished.countDown();
                }
            });
        }
        finished.await();
        long elapsed = System.nanoTime() - start;
        callers.shutdown();
        if (!report) {
            return;
        }
        Arrays.sort(latencies);
        System.out.printf(Locale.ROOT, "authorizeRequest%s: %d requests, %d concurrent callers, %s%n",
                record ? " + recordUsage" : "", requests, concurrency, url);
        System.out.printf(Locale.ROOT, "  wall time   %.2f s%n", elapsed / 1e9);
        System.out.printf(Locale.ROOT, "  throughput  %.0f requests/s%n", requests / (elapsed / 1e9));
        System.out.printf(Locale.ROOT, "  latency ms  p50 %.2f  p95 %.2f  p99 %.2f  max %.2f%n", percentile(latencies, 50),
                percentile(latencies, 95), percentile(latencies, 99), latencies[latencies.length - 1] / 1e6);
        System.out.printf(Locale.ROOT, "  answers     %d allowed, %d denied, %d errors%n", allowed.get(), denied.get(), errors.get());
    }

    private String authorizeInput(String key) {
        return "{\"connexionId\":\"" + option("connexion", null) + "\",\"model\":\"" + option("model", "gpt-4o-mini")
                + "\",\"estimatedInputTokens\":" + option("estimated-input-tokens", "1000")
                + ",\"maxOutputTokens\":" + option("max-output-tokens", "500")
                + ",\"idempotencyKey\":\"" + key + "\"}";
    }

    private String recordInput(String key, String reservation) {
        return "{\"connexionId\":\"" + option("connexion", null) + "\",\"reservationId\":\"" + reservation
                + "\",\"model\":\"" + option("model", "gpt-4o-mini") + "\",\"inputTokens\":600,\"outputTokens\":300"
                + ",\"idempotencyKey\":\"" + key + "\"}";
    }

    /** The response body, or null when the call failed at the HTTP level. */
    private String call(String document, String inputJson) {
        String body = "{\"query\":\"" + document.replace("\"", "\\\"") + "\",\"variables\":{\"input\":" + inputJson + "}}";
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static double percentile(long[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1e6;
    }

    private static String between(String text, String before, String after) {
        int from = text.indexOf(before) + before.length();
        return text.substring(from, text.indexOf(after, from));
    }

    /** A Supabase-style HS256 token: sub, role, exp. */
    static String jwt(String secret, String subject, String role, Duration lifetime) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = base64.encodeToString(("{\"sub\":\"" + subject + "\",\"role\":\"" + role + "\",\"exp\":"
                + Instant.now().plus(lifetime).getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String signature = base64.encodeToString(mac.doFinal((header + "." + claims).getBytes(StandardCharsets.US_ASCII)));
            return header + "." + claims + "." + signature;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg + "\n" + usage());
            }
            int equals = arg.indexOf('=');
            options.put(equals < 0 ? arg.substring(2) : arg.substring(2, equals), equals < 0 ? "true" : arg.substring(equals + 1));
        }
        return options;
    }

    private static String usage() {
        return """
                AuthorizeRequestBenchmark --connexion=<uuid> [options]
                  --url=http://localhost:8080/graphql   the service's GraphQL endpoint
                  --secret=…                            the service's JWT secret (default: $PRESENCA_JWT_SECRET)
                  --role=service_role|authenticated     token role (default service_role)
                  --subject=<uuid>                      token sub; required with authenticated (a user of the connexion's organisation)
                  --requests=2000 --concurrency=16      measured requests and concurrent callers
                  --warmup=200                          requests sent first and not measured
                  --model=gpt-4o-mini --estimated-input-tokens=1000 --max-output-tokens=500
                  --record=false                        also recordUsage after each allowed answer (latency then covers both)""";
    }
}
