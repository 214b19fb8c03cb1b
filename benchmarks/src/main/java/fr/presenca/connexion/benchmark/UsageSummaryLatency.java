package fr.presenca.connexion.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * Latency of one usageSummary over HTTP, one request at a time after a warm-up: what a front-end's dashboard waits
 * for. Prints {@code RESULT <name> <requests> <p50 ms> <p99 ms> <max ms> <buckets in the last answer>}.
 * Options: --url --secret --subject --connexion --from --to --group-by (e.g. DAY,MODEL) --requests --warmup --name.
 */
public final class UsageSummaryLatency {

    private UsageSummaryLatency() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = ClosedLoopLoad.parse(args);
        URI url = URI.create(options.get("url"));
        String token = AuthorizeRequestBenchmark.jwt(options.get("secret"), options.get("subject"), "authenticated",
                Duration.ofHours(1));
        String groupBy = options.getOrDefault("group-by", "DAY,MODEL");
        String body = "{\"query\":\"query($c: ID, $from: Date!, $to: Date!, $by: [UsageGroupBy!]) { usageSummary("
                + "connexionId: $c, from: $from, to: $to, groupBy: $by) { day model requests cost } }\","
                + "\"variables\":{\"c\":\"" + options.get("connexion") + "\",\"from\":\"" + options.get("from")
                + "\",\"to\":\"" + options.get("to") + "\",\"by\":[" + (groupBy.isEmpty() ? ""
                : "\"" + String.join("\",\"", groupBy.split(",")) + "\"") + "]}}";
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "50"));
        int requests = Integer.parseInt(options.getOrDefault("requests", "200"));
        String last = "";
        for (int i = 0; i < warmup; i++) {
            last = send(http, request);
        }
        long[] nanos = new long[requests];
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            last = send(http, request);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        int buckets = last.split("\"day\"", -1).length - 1;
        System.out.printf("RESULT\t%s\t%d\t%.2f\t%.2f\t%.2f\t%d%n", options.getOrDefault("name", "usageSummary"), requests,
                nanos[requests / 2] / 1e6, nanos[(int) Math.min(requests - 1, Math.ceil(requests * 0.99) - 1)] / 1e6,
                nanos[requests - 1] / 1e6, buckets);
    }

    private static String send(HttpClient http, HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || response.body().contains("\"errors\"")) {
            throw new IllegalStateException("usageSummary failed: " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }
}
