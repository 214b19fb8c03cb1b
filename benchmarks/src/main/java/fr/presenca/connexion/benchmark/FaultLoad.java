package fr.presenca.connexion.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fault suite's load: closed-loop clients calling {@code authorizeRequest} over real HTTP with real JWTs, each of
 * them retrying a call that got no answer - a transport error, a timeout, {@code UNAVAILABLE} - with the same
 * idempotency key, as the README tells clients to, until it is answered; any other error ends the call (lost). Every
 * attempt is written to a TSV file for {@link FaultReport}.
 *
 * <p>Clients are pinned to tenants: {@code --clients} spread clients share connexions 1 … 49 (client c takes those
 * with index ≡ c), and {@code --hot} clients all call connexion 0, a busy tenant; half of those are impatient, giving
 * up after {@code --impatient-ms} (they close the connection and retry the key, so abandoned decisions happen).
 * Connexion k is {@code 00000000-0000-4000-8000-<id-base + k, 12 digits>}. With {@code --slow-at}, from that second
 * for {@code --slow-for} seconds, slow clients run next to the others on connexions 50 …: {@code --trickle} of them
 * send their body byte by byte, {@code --unread} send requests and never read the answers.
 *
 * <p>Runs until {@code --stop-file} exists (or {@code --max-seconds}), then lets the calls in progress finish for at
 * most {@code --drain} seconds. Connection failures move a client to the next of {@code --urls} (a load balancer).
 */
public final class FaultLoad {

    private static final String AUTHORIZE = "mutation($input: AuthorizeRequestInput!) { authorizeRequest(input: $input)"
            + " { allowed reason reservationId remainingRequests } }";
    private static final Pattern CODE = Pattern.compile("\"code\":\"([A-Z_]+)\"");
    private static final Pattern RESERVATION = Pattern.compile("\"reservationId\":(\"([0-9a-f-]{36})\"|null)");
    private static final int SPREAD_CONNEXIONS = 49;

    /** One attempt of one call, as written to the TSV. */
    record Attempt(String kind, int client, int connexion, String key, int attempt, long start, long end, int status,
                   String outcome, String reservation) {
        String tsv() {
            return String.join("\t", kind, Integer.toString(client), Integer.toString(connexion), key,
                    Integer.toString(attempt), Long.toString(start), Long.toString(end), Integer.toString(status),
                    outcome, reservation == null ? "-" : reservation);
        }
    }

    private final List<URI> urls;
    private final String token;
    private final long idBase;
    private final String prefix;
    private final Path stopFile;
    private final long stopAt;
    private final long drainMillis;
    private final int timeoutMillis;
    private final int impatientMillis;
    private final ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    private volatile long drainUntil = Long.MAX_VALUE;
    private volatile boolean stopping;

    private FaultLoad(Map<String, String> options) {
        this.urls = Arrays.stream(options.getOrDefault("urls", "http://localhost:8080/graphql").split(","))
                .map(URI::create).toList();
        String secret = options.getOrDefault("secret", System.getenv("PRESENCA_JWT_SECRET"));
        this.token = AuthorizeRequestBenchmark.jwt(secret, options.get("subject"), "authenticated", Duration.ofHours(2));
        this.idBase = Long.parseLong(options.get("id-base"));
        this.prefix = options.getOrDefault("name", "faults") + "-";
        this.stopFile = Path.of(options.getOrDefault("stop-file", "/nonexistent/stop"));
        this.stopAt = System.currentTimeMillis() + 1000L * Long.parseLong(options.getOrDefault("max-seconds", "600"));
        this.drainMillis = 1000L * Long.parseLong(options.getOrDefault("drain", "30"));
        this.timeoutMillis = Integer.parseInt(options.getOrDefault("timeout-ms", "15000"));
        this.impatientMillis = Integer.parseInt(options.getOrDefault("impatient-ms", "1000"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = ClosedLoopLoad.parse(args);
        if (options.containsKey("help") || !options.containsKey("id-base") || !options.containsKey("subject")
                || !options.containsKey("out")) {
            System.out.println(usage());
            return;
        }
        FaultLoad load = new FaultLoad(options);
        long start = System.currentTimeMillis();
        List<Thread> threads = new ArrayList<>();
        int spread = Integer.parseInt(options.getOrDefault("clients", "12"));
        int hot = Integer.parseInt(options.getOrDefault("hot", "4"));
        for (int c = 0; c < spread; c++) {
            int client = c;
            threads.add(load.start("spread", client, () -> load.spreadConnexion(client, spread), load.timeoutMillis));
        }
        for (int h = 0; h < hot; h++) {
            boolean impatient = h % 2 == 1;
            threads.add(load.start(impatient ? "impatient" : "hot", spread + h, () -> 0,
                    impatient ? load.impatientMillis : load.timeoutMillis));
        }
        Thread slow = null;
        if (options.containsKey("slow-at")) {
            slow = new Thread(() -> load.slowClients(start + 1000L * Long.parseLong(options.get("slow-at")),
                    1000L * Long.parseLong(options.getOrDefault("slow-for", "20")),
                    Integer.parseInt(options.getOrDefault("trickle", "100")),
                    Integer.parseInt(options.getOrDefault("unread", "100")),
                    Integer.parseInt(options.getOrDefault("trickle-interval-ms", "20")), options.get("out")), "slow");
            slow.start();
        }
        while (!Files.exists(load.stopFile) && System.currentTimeMillis() < load.stopAt) {
            Thread.sleep(100);
        }
        load.drainUntil = System.currentTimeMillis() + load.drainMillis;
        load.stopping = true;
        for (Thread thread : threads) {
            thread.join();
        }
        if (slow != null) {
            slow.join();
        }
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(options.get("out"))))) {
            out.println("# start " + start);
            load.attempts.stream().sorted((a, b) -> Long.compare(a.start(), b.start())).forEach(a -> out.println(a.tsv()));
        }
        System.out.printf(Locale.ROOT, "%d attempts written to %s%n", load.attempts.size(), options.get("out"));
    }

    private int spreadConnexion(int client, int clients) {
        List<Integer> own = new ArrayList<>();
        for (int k = 1; k <= SPREAD_CONNEXIONS; k++) {
            if (k % clients == client % clients) {
                own.add(k);
            }
        }
        return own.get(ThreadLocalRandom.current().nextInt(own.size()));
    }

    private interface ConnexionChoice {
        int next();
    }

    private Thread start(String kind, int client, ConnexionChoice choice, int timeout) {
        Thread thread = new Thread(() -> {
            int urlIndex = client % urls.size();
            RawHttpClient[] http = {client(urlIndex, timeout)};
            for (long n = 0; !stopping; n++) {
                int connexion = choice.next();
                String key = prefix + kind + client + "-" + n;
                String body = body(connexion, key);
                for (int attempt = 1; ; attempt++) {
                    if (System.currentTimeMillis() > drainUntil) {
                        break; // never answered: lost
                    }
                    long sent = System.currentTimeMillis();
                    int status = 0;
                    String outcome;
                    String reservation = null;
                    try {
                        RawHttpClient.Answer answer = http[0].postOnce(body);
                        status = answer.status();
                        Matcher code = CODE.matcher(answer.body());
                        if (answer.body().contains("\"authorizeRequest\":{")) {
                            outcome = answer.body().contains("\"allowed\":true") ? "ALLOWED" : "DENIED";
                            Matcher id = RESERVATION.matcher(answer.body());
                            reservation = id.find() ? id.group(2) : null;
                        } else if (code.find()) {
                            outcome = code.group(1);
                        } else {
                            outcome = "HTTP_" + status;
                        }
                    } catch (SocketTimeoutException e) {
                        outcome = timeout == timeoutMillis ? "TIMEOUT" : "GAVE_UP";
                    } catch (IOException | RuntimeException e) {
                        outcome = "TRANSPORT";
                        urlIndex = (urlIndex + 1) % urls.size();
                        http[0] = client(urlIndex, timeout);
                    }
                    attempts.add(new Attempt(kind, client, connexion, key, attempt, sent, System.currentTimeMillis(),
                            status, outcome, reservation));
                    if (outcome.equals("ALLOWED") || outcome.equals("DENIED") || !retryable(outcome)) {
                        break;
                    }
                    pause(Math.min(1000, 50L << Math.min(attempt - 1, 5)));
                }
            }
            http[0].close();
        }, kind + "-" + client);
        thread.start();
        return thread;
    }

    /** What the README says a client retries with the same key; anything else is final. */
    private static boolean retryable(String outcome) {
        return switch (outcome) {
            case "UNAVAILABLE", "TRANSPORT", "TIMEOUT", "GAVE_UP", "HTTP_502", "HTTP_503", "HTTP_504" -> true;
            default -> false;
        };
    }

    private RawHttpClient client(int urlIndex, int timeout) {
        return new RawHttpClient(urls.get(urlIndex), token, "application/graphql-response+json", timeout);
    }

    private String body(int connexion, String key) {
        return "{\"query\":\"" + AUTHORIZE.replace("\"", "\\\"") + "\",\"variables\":{\"input\":{\"connexionId\":\""
                + ClosedLoopLoad.connexionId(idBase + connexion) + "\",\"model\":\"gpt-4o-mini\",\"estimatedInputTokens\":"
                + "1000,\"maxOutputTokens\":500,\"idempotencyKey\":\"" + key + "\"}}}";
    }

    /**
     * From {@code at} for {@code millis}: trickling clients (each sends its request's body one byte every
     * {@code interval} ms, then reads the answer, and again) and clients that send 5 requests on one connection, one
     * every fifth of the window, and never read the answers, holding the connection open. Their arrivals are spread
     * out (slow clients, not a burst of load). Their calls are written as kinds {@code trickle} and {@code unread}.
     */
    private void slowClients(long at, long millis, int trickle, int unread, int interval, String out) {
        sleepUntil(at);
        long until = at + millis;
        try {
            Files.writeString(Path.of(out + ".slow"), at + " " + until + "\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < trickle; t++) {
            int client = 1000 + t;
            long first = at + millis * t / (10L * Math.max(1, trickle)); // arrivals spread over a tenth of the window
            Thread thread = new Thread(() -> {
                sleepUntil(first);
                for (int n = 0; System.currentTimeMillis() < until; n++) {
                    int connexion = 50 + client % 50;
                    String key = prefix + "trickle" + client + "-" + n;
                    long sent = System.currentTimeMillis();
                    String outcome;
                    int status = 0;
                    try (Socket socket = socket(0)) {
                        OutputStream output = socket.getOutputStream();
                        output.write(head(body(connexion, key)));
                        output.flush();
                        for (byte b : body(connexion, key).getBytes(StandardCharsets.UTF_8)) {
                            output.write(b);
                            output.flush();
                            pause(interval);
                        }
                        String answer = readSome(socket.getInputStream());
                        status = answer.length() >= 12 ? Integer.parseInt(answer.substring(9, 12)) : 0;
                        outcome = answer.contains("\"allowed\":true") ? "ALLOWED" : "TRICKLE_" + status;
                    } catch (IOException | RuntimeException e) {
                        outcome = "TRANSPORT";
                    }
                    attempts.add(new Attempt("trickle", client, connexion, key, 1, sent, System.currentTimeMillis(),
                            status, outcome, null));
                }
            }, "trickle-" + t);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        for (int u = 0; u < unread; u++) {
            int client = 2000 + u;
            long first = at + millis * u / (5L * Math.max(1, unread)); // arrivals spread over a fifth of the window
            Thread thread = new Thread(() -> {
                int connexion = 50 + client % 50;
                sleepUntil(first);
                try (Socket socket = socket(0)) {
                    OutputStream output = socket.getOutputStream();
                    for (int n = 0; n < 5; n++) {
                        // Another request on the same connection every fifth of the window, the answers still unread.
                        sleepUntil(first + millis * n / 5);
                        String key = prefix + "unread" + client + "-" + n;
                        byte[] body = body(connexion, key).getBytes(StandardCharsets.UTF_8);
                        output.write(head(body(connexion, key)));
                        output.write(body);
                        output.flush();
                        long now = System.currentTimeMillis();
                        attempts.add(new Attempt("unread", client, connexion, key, 1, now, now, 0, "UNREAD", null));
                    }
                    sleepUntil(until);
                } catch (IOException e) {
                    attempts.add(new Attempt("unread", client, connexion, "-", 1, System.currentTimeMillis(),
                            System.currentTimeMillis(), 0, "TRANSPORT", null));
                }
            }, "unread-" + u);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            try {
                thread.join(millis + drainMillis + 60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Socket socket(int timeout) throws IOException {
        URI url = urls.get(0);
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(timeout == 0 ? timeoutMillis : timeout);
        socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 5_000);
        return socket;
    }

    private byte[] head(String body) {
        URI url = urls.get(0);
        return ("POST " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                + "\r\nContent-Type: application/json\r\nAccept: application/graphql-response+json\r\nAuthorization: Bearer "
                + token + "\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** The answer's first bytes: enough for the status line and a small GraphQL body. */
    private static String readSome(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        int total = 0;
        for (int read = in.read(buffer); read > 0 && total < buffer.length; read = in.read(buffer, total, buffer.length - total)) {
            total += read;
            String sofar = new String(buffer, 0, total, StandardCharsets.UTF_8);
            if (sofar.contains("}}}") || sofar.contains("]}")) {
                break;
            }
        }
        return new String(buffer, 0, total, StandardCharsets.UTF_8);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepUntil(long epochMillis) {
        for (long left = epochMillis - System.currentTimeMillis(); left > 0; left = epochMillis - System.currentTimeMillis()) {
            pause(Math.min(left, 200));
        }
    }

    private static String usage() {
        return """
                FaultLoad --id-base=<B> --subject=<users_id> --out=attempts.tsv [options]
                  --urls=http://localhost:8080/graphql[,…]   the service instances (a client moves on after a connection failure)
                  --secret=…                                  the JWT secret (default: $PRESENCA_JWT_SECRET)
                  --clients=12 --hot=4                        spread clients (connexions 1…49), clients of connexion 0 (half impatient)
                  --timeout-ms=15000 --impatient-ms=1000      when a client stops waiting for an answer
                  --stop-file=F --max-seconds=600 --drain=30  stop when F exists; then finish the calls in progress
                  --name=faults                               prefix of the idempotency keys
                  --slow-at=S --slow-for=20 --trickle=100 --unread=100 --trickle-interval-ms=20   slow clients""";
    }
}
