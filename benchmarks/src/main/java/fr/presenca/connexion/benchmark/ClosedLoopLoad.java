package fr.presenca.connexion.benchmark;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The issue-7 load generator: C closed-loop callers (default 64), each on its own keep-alive HTTP/1.1
 * connection with a real HS256 JWT, send {@code authorizeRequest} for a connexion drawn at random from a
 * range of seeded ids, wait for the answer and send the next; a warm-up, then a measured window. Every call
 * has its own idempotency key. Prints a summary and one tab-separated {@code RESULT} line for run.sh.
 *
 * <p>Connexion ids are {@code 00000000-0000-4000-8000-<12 decimal digits>}: {@code --id-base=B --ids=N} means
 * B+1 … B+N (the seed creates them so; pgbench builds the same ids from a random integer).
 */
public final class ClosedLoopLoad {

    private static final String AUTHORIZE = "mutation($input: AuthorizeRequestInput!) { authorizeRequest(input: $input)"
            + " { allowed reason reservationId remainingRequests remainingBudget expiresAt } }";
    private static final String RECORD = "mutation($input: RecordUsageInput!) { recordUsage(input: $input)"
            + " { id cost reservationId } }";
    private static final java.util.regex.Pattern RESERVATION = java.util.regex.Pattern.compile("\"reservationId\":\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        if (options.containsKey("help") || !options.containsKey("id-base")) {
            System.out.println(usage());
            return;
        }
        String name = options.getOrDefault("name", "load");
        URI url = URI.create(options.getOrDefault("url", "http://localhost:8080/graphql"));
        String secret = options.getOrDefault("secret", System.getenv("PRESENCA_JWT_SECRET"));
        String role = options.getOrDefault("role", "authenticated");
        String subject = options.getOrDefault("subject", UUID.randomUUID().toString());
        long idBase = Long.parseLong(options.get("id-base"));
        int ids = Integer.parseInt(options.getOrDefault("ids", "1"));
        int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "64"));
        double warmup = Double.parseDouble(options.getOrDefault("warmup", "10"));
        double seconds = Double.parseDouble(options.getOrDefault("seconds", "30"));
        String model = options.getOrDefault("model", "gpt-4o-mini");
        String inputTokens = options.getOrDefault("estimated-input-tokens", "1000");
        String outputTokens = options.getOrDefault("max-output-tokens", "500");
        // --record=true: each admitted call is followed by its recordUsage (latency measured on its own; a
        // request in the throughput and CPU figures is then the pair)
        boolean record = Boolean.parseBoolean(options.getOrDefault("record", "false"));
        String usedOutputTokens = options.getOrDefault("output-tokens", "200");
        String token = AuthorizeRequestBenchmark.jwt(secret, subject, role, Duration.ofHours(2));
        String run = UUID.randomUUID().toString().substring(0, 8);

        long start = System.nanoTime();
        long measureFrom = start + (long) (warmup * 1e9);
        long end = measureFrom + (long) (seconds * 1e9);
        Caller[] callers = new Caller[concurrency];
        Caller[] recorders = new Caller[concurrency];
        Thread[] threads = new Thread[concurrency];
        AtomicReference<String> firstError = new AtomicReference<>();
        CpuWindow cpu = new CpuWindow(Long.parseLong(options.getOrDefault("service-pid", "0")),
                Long.parseLong(options.getOrDefault("postmaster-pid", "0")), measureFrom, end);
        cpu.start();
        for (int c = 0; c < concurrency; c++) {
            Caller caller = new Caller();
            callers[c] = caller;
            Caller recorder = new Caller();
            recorders[c] = recorder;
            String keyPrefix = name + "-" + run + "-" + c + "-";
            threads[c] = new Thread(() -> {
                try (RawHttpClient http = new RawHttpClient(url, token)) {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    String[] lastBody = {""};
                    for (long i = 0; ; i++) {
                        long sent = System.nanoTime();
                        if (sent >= end) {
                            break;
                        }
                        long id = idBase + 1 + random.nextInt(ids);
                        String body = "{\"query\":\"" + AUTHORIZE.replace("\"", "\\\"") + "\",\"variables\":{\"input\":{"
                                + "\"connexionId\":\"" + connexionId(id) + "\",\"model\":\"" + model
                                + "\",\"estimatedInputTokens\":" + inputTokens + ",\"maxOutputTokens\":" + outputTokens
                                + ",\"idempotencyKey\":\"" + keyPrefix + i + "\"}}}";
                        int outcome;
                        try {
                            RawHttpClient.Answer answer = http.post(body);
                            if (answer.status() != 200 || answer.body().contains("\"errors\"")) {
                                outcome = Caller.ERROR;
                                firstError.compareAndSet(null, answer.status() + " " + answer.body());
                            } else {
                                outcome = answer.body().contains("\"allowed\":true") ? Caller.ALLOWED : Caller.DENIED;
                                lastBody[0] = answer.body();
                            }
                        } catch (IOException | RuntimeException e) {
                            outcome = Caller.ERROR;
                            firstError.compareAndSet(null, e.toString());
                            http.close();
                        }
                        long done = System.nanoTime();
                        long recorded = done;
                        int recordOutcome = -1;
                        if (record && outcome == Caller.ALLOWED) {
                            java.util.regex.Matcher reservation = RESERVATION.matcher(lastBody[0]);
                            String usage = "{\"query\":\"" + RECORD.replace("\"", "\\\"") + "\",\"variables\":{\"input\":{"
                                    + "\"connexionId\":\"" + connexionId(id) + "\",\"model\":\"" + model
                                    + (reservation.find() ? "\",\"reservationId\":\"" + reservation.group(1) : "")
                                    + "\",\"inputTokens\":" + inputTokens + ",\"outputTokens\":" + usedOutputTokens
                                    + ",\"idempotencyKey\":\"" + keyPrefix + i + "-usage\"}}}";
                            try {
                                RawHttpClient.Answer answer = http.post(usage);
                                if (answer.status() != 200 || answer.body().contains("\"errors\"")) {
                                    recordOutcome = Caller.ERROR;
                                    firstError.compareAndSet(null, answer.status() + " " + answer.body());
                                } else {
                                    recordOutcome = Caller.ALLOWED;
                                }
                            } catch (IOException | RuntimeException e) {
                                recordOutcome = Caller.ERROR;
                                firstError.compareAndSet(null, e.toString());
                                http.close();
                            }
                            recorded = System.nanoTime();
                        }
                        if (sent >= measureFrom && recorded <= end) {
                            caller.record(done - sent, outcome);
                            if (recordOutcome >= 0) {
                                recorder.record(recorded - done, recordOutcome);
                            }
                        }
                    }
                }
            }, "caller-" + c);
            threads[c].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        cpu.join();

        int total = 0;
        long allowed = 0;
        long denied = 0;
        long errors = 0;
        for (Caller caller : callers) {
            total += caller.count;
            allowed += caller.outcomes[Caller.ALLOWED];
            denied += caller.outcomes[Caller.DENIED];
            errors += caller.outcomes[Caller.ERROR];
        }
        long[] latencies = new long[total];
        int at = 0;
        for (Caller caller : callers) {
            System.arraycopy(caller.latencies, 0, latencies, at, caller.count);
            at += caller.count;
        }
        Arrays.sort(latencies);
        double throughput = total / seconds;
        System.out.printf(Locale.ROOT, "%s: %d callers, %.0f s warm-up, %.0f s measured, %d connexion(s), %s%n",
                name, concurrency, warmup, seconds, ids, url);
        System.out.printf(Locale.ROOT, "  throughput  %.0f requests/s (%d requests)%n", throughput, total);
        System.out.printf(Locale.ROOT, "  latency ms  p50 %.2f  p95 %.2f  p99 %.2f  max %.2f%n", percentile(latencies, 50),
                percentile(latencies, 95), percentile(latencies, 99), total == 0 ? 0 : latencies[total - 1] / 1e6);
        System.out.printf(Locale.ROOT, "  answers     %d allowed, %d denied, %d errors%n", allowed, denied, errors);
        double[] cpuPerRequest = cpu.millisPerRequest(total);
        System.out.printf(Locale.ROOT, "  CPU ms/req  service %.2f  PostgreSQL %.2f  load generator %.2f%n",
                cpuPerRequest[0], cpuPerRequest[1], cpuPerRequest[2]);
        if (record) {
            int recordedCount = 0;
            long recordErrors = 0;
            for (Caller recorder : recorders) {
                recordedCount += recorder.count;
                recordErrors += recorder.outcomes[Caller.ERROR];
            }
            long[] recordLatencies = new long[recordedCount];
            int from = 0;
            for (Caller recorder : recorders) {
                System.arraycopy(recorder.latencies, 0, recordLatencies, from, recorder.count);
                from += recorder.count;
            }
            Arrays.sort(recordLatencies);
            System.out.printf(Locale.ROOT, "  recordUsage %d calls (%.0f/s), %d errors, ms p50 %.2f  p95 %.2f  p99 %.2f  max %.2f%n",
                    recordedCount, recordedCount / seconds, recordErrors, percentile(recordLatencies, 50),
                    percentile(recordLatencies, 95), percentile(recordLatencies, 99),
                    recordedCount == 0 ? 0 : recordLatencies[recordedCount - 1] / 1e6);
            System.out.printf(Locale.ROOT, "RECORD\t%s\t%.1f\t%.2f\t%.2f\t%.2f\t%.2f\t%d\t%d%n", name, recordedCount / seconds,
                    percentile(recordLatencies, 50), percentile(recordLatencies, 95), percentile(recordLatencies, 99),
                    recordedCount == 0 ? 0 : recordLatencies[recordedCount - 1] / 1e6, recordErrors, recordedCount);
        }
        if (firstError.get() != null) {
            String error = firstError.get();
            System.out.println("  first error " + error.substring(0, Math.min(400, error.length())));
        }
        System.out.printf(Locale.ROOT, "RESULT\t%s\t%.1f\t%.2f\t%.2f\t%.2f\t%.2f\t%d\t%d\t%d\t%d\t%.2f\t%.2f\t%.2f%n", name,
                throughput, percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99),
                total == 0 ? 0 : latencies[total - 1] / 1e6, errors, allowed, denied, total,
                cpuPerRequest[0], cpuPerRequest[1], cpuPerRequest[2]);
    }

    static String connexionId(long id) {
        return String.format(Locale.ROOT, "00000000-0000-4000-8000-%012d", id);
    }

    /**
     * CPU used during the measured window by the service, PostgreSQL (the postmaster's tree) and this load
     * generator, sampled at the window's two ends (a pid of 0 is not watched).
     */
    private static final class CpuWindow extends Thread {
        private static final double MILLIS_PER_TICK = 10; // USER_HZ is 100 on Linux
        private final long servicePid;
        private final long postmasterPid;
        private final long from;
        private final long to;
        private final long[] used = new long[3];

        CpuWindow(long servicePid, long postmasterPid, long from, long to) {
            super("cpu-window");
            this.servicePid = servicePid;
            this.postmasterPid = postmasterPid;
            this.from = from;
            this.to = to;
        }

        @Override
        public void run() {
            try {
                sleepUntil(from);
                long[] before = sample();
                sleepUntil(to);
                long[] after = sample();
                for (int i = 0; i < used.length; i++) {
                    used[i] = after[i] - before[i];
                }
            } catch (InterruptedException | IOException e) {
                throw new IllegalStateException("CPU sampling failed", e);
            }
        }

        private long[] sample() throws IOException {
            return new long[] {servicePid == 0 ? 0 : ProcessCpu.ticks(servicePid),
                    postmasterPid == 0 ? 0 : ProcessCpu.treeTicks(postmasterPid), ProcessCpu.ticks(ProcessHandle.current().pid())};
        }

        private static void sleepUntil(long nanoTime) throws InterruptedException {
            for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
                Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
            }
        }

        double[] millisPerRequest(int requests) {
            double[] perRequest = new double[used.length];
            for (int i = 0; i < used.length && requests > 0; i++) {
                perRequest[i] = used[i] * MILLIS_PER_TICK / requests;
            }
            return perRequest;
        }
    }

    /** One caller's measured calls; written by its own thread only, read after join. */
    private static final class Caller {
        static final int ALLOWED = 0;
        static final int DENIED = 1;
        static final int ERROR = 2;
        long[] latencies = new long[1 << 14];
        int count;
        final long[] outcomes = new long[3];

        void record(long nanos, int outcome) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = nanos;
            outcomes[outcome]++;
        }
    }

    private static double percentile(long[] sorted, int percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1e6;
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        List<String> unexpected = new ArrayList<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                unexpected.add(arg);
                continue;
            }
            int equals = arg.indexOf('=');
            options.put(equals < 0 ? arg.substring(2) : arg.substring(2, equals), equals < 0 ? "true" : arg.substring(equals + 1));
        }
        if (!unexpected.isEmpty()) {
            throw new IllegalArgumentException("unexpected arguments " + unexpected);
        }
        return options;
    }

    private static String usage() {
        return """
                ClosedLoopLoad --id-base=<B> [options]   (connexions 00000000-0000-4000-8000-<B+1 … B+N, 12 digits>)
                  --url=http://localhost:8080/graphql   the service's GraphQL endpoint
                  --secret=…                            the service's JWT secret (default: $PRESENCA_JWT_SECRET)
                  --role=authenticated --subject=<uuid> the token's role and sub (a user of the connexions' organisation)
                  --ids=1                               how many connexions (each call picks one at random)
                  --concurrency=64 --warmup=10 --seconds=30
                  --name=load                           the workload's name in the output
                  --service-pid=P --postmaster-pid=Q    report the CPU they use per request in the measured window
                  --model=gpt-4o-mini --estimated-input-tokens=1000 --max-output-tokens=500
                  --record=false --output-tokens=200    follow each admitted call with its recordUsage""";
    }
}
