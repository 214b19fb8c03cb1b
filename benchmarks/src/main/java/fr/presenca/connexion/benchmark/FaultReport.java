package fr.presenca.connexion.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One scenario of the fault suite, from what the clients saw ({@link FaultLoad}'s attempts) and what the database
 * holds at the end (per connexion: daily usage and reservations; per idempotency key: the stored answer). Prints one
 * Markdown table row and one line of details.
 *
 * <ul>
 *   <li>calls: distinct idempotency keys of the regular clients (spread, hot, impatient); answered: those that got an
 *       answer (allowed or denied), after as many retries as it took; lost: the others.</li>
 *   <li>typed errors: attempts answered with an {@code extensions.code}, by code; hung: attempts that got no answer
 *       within the client's timeout (15 s).</li>
 *   <li>double counts: quota units used beyond the admissions stored, keys stored twice, or a retry answered with
 *       another reservation than the stored one; units counted for unanswered calls: admissions stored for keys whose
 *       client never got an answer.</li>
 *   <li>others: the spread clients' attempts (connexions 1 … 49, never the faulted one) sent during the fault, p99
 *       and max latency, against the same before the fault (after the first third of that time, the load generator's
 *       own warm-up); timeouts among them.</li>
 *   <li>recovery: from the end of the fault to the end of the last failed attempt sent after it (or to the first
 *       answer, when none failed); an impatient client's own give-up (1 s) is not a failure, its last one is shown
 *       in the details.</li>
 * </ul>
 */
public final class FaultReport {

    private record Attempt(String kind, int connexion, String key, long start, long end, String outcome, String reservation) {
        boolean answered() {
            return outcome.equals("ALLOWED") || outcome.equals("DENIED");
        }

        boolean regular() {
            return kind.equals("spread") || kind.equals("hot") || kind.equals("impatient");
        }

        long latency() {
            return end - start;
        }
    }

    private record Stored(boolean allowed, String reservation) {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = ClosedLoopLoad.parse(args);
        String scenario = options.get("scenario");
        List<Attempt> attempts = new ArrayList<>();
        long loadStart = 0;
        for (String line : Files.readAllLines(Path.of(options.get("attempts")))) {
            if (line.startsWith("# start ")) {
                loadStart = Long.parseLong(line.substring(8).trim());
                continue;
            }
            String[] f = line.split("\t");
            attempts.add(new Attempt(f[0], Integer.parseInt(f[2]), f[3], Long.parseLong(f[5]), Long.parseLong(f[6]), f[8],
                    f[9].equals("-") ? null : f[9]));
        }
        long faultStart = Long.parseLong(options.get("fault-start"));
        long faultEnd = Long.parseLong(options.get("fault-end"));
        long recoveryFrom = "start".equals(options.get("recovery-from")) ? faultStart : faultEnd;
        int faulted = Integer.parseInt(options.getOrDefault("faulted", "-1"));

        Map<Integer, long[]> usage = new HashMap<>(); // connexion -> {usage, reservations}
        for (String line : Files.readAllLines(Path.of(options.get("usage")))) {
            String[] f = line.split("\t");
            if (f.length >= 3) {
                usage.put(Integer.parseInt(f[0]), new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
            }
        }
        Map<String, List<Stored>> stored = new HashMap<>();
        Map<String, Integer> storedConnexion = new HashMap<>();
        for (String line : Files.readAllLines(Path.of(options.get("auth")))) {
            String[] f = line.split("\t");
            if (f.length >= 4) {
                stored.computeIfAbsent(f[1], k -> new ArrayList<>()).add(new Stored(f[2].equals("t"), f[3].isEmpty() ? null : f[3]));
                storedConnexion.put(f[1], Integer.parseInt(f[0]));
            }
        }

        // Calls of the regular clients: each key's attempts, in order.
        Map<String, List<Attempt>> calls = new LinkedHashMap<>();
        Map<String, Integer> codes = new TreeMap<>();
        int hung = 0;
        int gaveUp = 0;
        int transport = 0;
        for (Attempt a : attempts) {
            if (!a.regular()) {
                continue;
            }
            calls.computeIfAbsent(a.key(), k -> new ArrayList<>()).add(a);
            if (a.outcome().equals("TIMEOUT")) {
                hung++;
            } else if (a.outcome().equals("GAVE_UP")) {
                gaveUp++;
            } else if (a.outcome().equals("TRANSPORT") || a.outcome().startsWith("HTTP_")) {
                transport++;
            } else if (!a.answered()) {
                codes.merge(a.outcome(), 1, Integer::sum);
            }
        }
        Map<String, Attempt> answers = new HashMap<>();
        for (Map.Entry<String, List<Attempt>> call : calls.entrySet()) {
            call.getValue().stream().filter(Attempt::answered).findFirst().ifPresent(a -> answers.put(call.getKey(), a));
        }
        int lost = calls.size() - answers.size();

        // What the database counted, against what the clients were told.
        long doubleCounts = 0;
        long undercounts = 0;
        Map<Integer, Long> admitted = new HashMap<>();
        for (Map.Entry<String, List<Stored>> entry : stored.entrySet()) {
            doubleCounts += entry.getValue().size() - 1;
            if (entry.getValue().get(0).allowed()) {
                admitted.merge(storedConnexion.get(entry.getKey()), 1L, Long::sum);
            }
        }
        for (Map.Entry<Integer, long[]> entry : usage.entrySet()) {
            long allowedRows = admitted.getOrDefault(entry.getKey(), 0L);
            long used = entry.getValue()[0];
            long reservations = entry.getValue()[1];
            doubleCounts += Math.max(0, used - allowedRows) + Math.max(0, reservations - allowedRows);
            undercounts += Math.max(0, allowedRows - used);
        }
        long changedOnRetry = 0;
        long notStored = 0;
        for (Map.Entry<String, Attempt> answer : answers.entrySet()) {
            List<Stored> rows = stored.get(answer.getKey());
            if (rows == null) {
                notStored++;
            } else if (answer.getValue().outcome().equals("ALLOWED") != rows.get(0).allowed()
                    || (rows.get(0).allowed() && !String.valueOf(rows.get(0).reservation()).equals(answer.getValue().reservation()))) {
                changedOnRetry++;
            }
        }
        doubleCounts += changedOnRetry;
        long countedUnanswered = 0;
        Set<String> knownKeys = new HashSet<>();
        attempts.forEach(a -> knownKeys.add(a.key()));
        for (Map.Entry<String, List<Stored>> entry : stored.entrySet()) {
            boolean regular = calls.containsKey(entry.getKey());
            if (entry.getValue().get(0).allowed() && ((regular && !answers.containsKey(entry.getKey()))
                    || !knownKeys.contains(entry.getKey()))) {
                countedUnanswered++;
            }
        }

        // The other tenants during the fault, against before it.
        // The load generator's first third before the fault is its own warm-up.
        long measureFrom = loadStart + (faultStart - loadStart) / 3;
        List<Long> before = new ArrayList<>();
        List<Long> during = new ArrayList<>();
        int othersTimeouts = 0;
        long faultedErrorMax = 0;
        int faultedErrors = 0;
        for (Attempt a : attempts) {
            if (a.kind().equals("spread") && a.connexion() != faulted) {
                if (a.start() >= measureFrom && a.start() < faultStart) {
                    before.add(a.latency());
                } else if (a.start() >= faultStart && a.start() <= faultEnd) {
                    during.add(a.latency());
                    if (a.outcome().equals("TIMEOUT")) {
                        othersTimeouts++;
                    }
                }
            }
            if (faulted >= 0 && a.connexion() == faulted && a.regular() && a.start() >= faultStart && a.start() <= faultEnd
                    && a.outcome().equals("UNAVAILABLE")) {
                faultedErrors++;
                faultedErrorMax = Math.max(faultedErrorMax, a.latency());
            }
        }

        // Recovery: the last failure sent after the fault's end, or the first answer after it. An impatient client
        // giving up after its own 1 s is not a failure of the service (a cold JVM after a restart is slower than that
        // on a hot connexion for a while): those are reported apart.
        long lastFailure = -1;
        long firstAnswer = -1;
        long lastGaveUp = -1;
        for (Attempt a : attempts) {
            if (!a.regular() || a.start() < recoveryFrom) {
                continue;
            }
            if (a.answered()) {
                firstAnswer = firstAnswer < 0 ? a.end() : Math.min(firstAnswer, a.end());
            } else if (a.outcome().equals("GAVE_UP")) {
                lastGaveUp = Math.max(lastGaveUp, a.end());
            } else {
                lastFailure = Math.max(lastFailure, a.end());
            }
        }
        long recovery = lastFailure >= 0 ? lastFailure - recoveryFrom : firstAnswer >= 0 ? firstAnswer - recoveryFrom : -1;

        StringBuilder errors = new StringBuilder();
        codes.forEach((code, n) -> errors.append(errors.length() == 0 ? "" : ", ").append(code).append(' ').append(n));
        if (transport > 0) {
            errors.append(errors.length() == 0 ? "" : ", ").append("no HTTP answer (connection refused/reset) ").append(transport);
        }
        System.out.printf(Locale.ROOT, "| %s | %d | %d | %s | %d | %d | %d | %d | %s / %s (before: %s / %s) | %s |%n",
                scenario, calls.size(), answers.size(), errors.length() == 0 ? "none" : errors, hung, lost,
                doubleCounts, countedUnanswered, ms(percentile(during, 99)), ms(max(during)), ms(percentile(before, 99)),
                ms(max(before)), recovery < 0 ? "-" : String.format(Locale.ROOT, "%.2f s", recovery / 1000.0));

        StringBuilder details = new StringBuilder();
        details.append(String.format(Locale.ROOT, "%s: fault %.1f s; %d attempts by the regular clients; others' timeouts"
                        + " during the fault %d; impatient clients gave up %d times (1 s) and retried",
                scenario, (faultEnd - faultStart) / 1000.0, calls.values().stream().mapToInt(List::size).sum(), othersTimeouts,
                gaveUp));
        if (lastGaveUp >= 0) {
            details.append(String.format(Locale.ROOT, "; the last give-up of an impatient client ended %.2f s after the fault",
                    (lastGaveUp - recoveryFrom) / 1000.0));
        }
        if (faulted >= 0) {
            details.append(String.format(Locale.ROOT, "; connexion %d: %d UNAVAILABLE during the fault, the slowest after %d ms"
                    + " (as the client saw it)", faulted, faultedErrors, faultedErrorMax));
        }
        if (undercounts > 0 || notStored > 0) {
            details.append(String.format(Locale.ROOT, "; ANSWERED BUT NOT COUNTED: %d units, %d answers without a stored row",
                    undercounts, notStored));
        }
        long slowCalls = attempts.stream().filter(a -> !a.regular()).map(Attempt::key).distinct().count();
        if (slowCalls > 0) {
            long slowAnswered = attempts.stream().filter(a -> a.kind().equals("trickle") && a.answered()).count();
            long slowCounted = stored.entrySet().stream().filter(e -> !calls.containsKey(e.getKey()) && knownKeys.contains(e.getKey())
                    && e.getValue().get(0).allowed()).count();
            details.append(String.format(Locale.ROOT, "; slow clients: %d calls (%d trickled bodies answered, the rest sent"
                    + " and never read), %d admissions stored for them", slowCalls, slowAnswered, slowCounted));
        }
        System.out.println("DETAILS " + details);

        // The bar: nothing hung, lost or counted twice; where another tenant is faulted, the others as before.
        List<String> failed = new ArrayList<>();
        if (hung > 0) {
            failed.add(hung + " hung");
        }
        if (lost > 0) {
            failed.add(lost + " lost");
        }
        if (doubleCounts > 0 || countedUnanswered > 0 || undercounts > 0 || notStored > 0) {
            failed.add("counts differ from answers");
        }
        if (options.containsKey("others-within")) {
            double factor = Double.parseDouble(options.get("others-within"));
            if (before.isEmpty() || during.isEmpty()) {
                failed.add("no latencies to compare");
            } else if (percentile(during, 99) > factor * percentile(before, 99)) {
                failed.add("others' p99 above " + factor + "x before");
            }
            if (othersTimeouts > 0) {
                failed.add(othersTimeouts + " timeouts of others");
            }
        }
        if (options.containsKey("faulted-within-ms") && faultedErrorMax > Long.parseLong(options.get("faulted-within-ms"))) {
            failed.add("connexion " + faulted + " answered UNAVAILABLE after " + faultedErrorMax + " ms");
        }
        System.out.println("VERDICT " + scenario + ": " + (failed.isEmpty() ? "pass" : "FAIL (" + String.join(", ", failed) + ")"));
    }

    private static long percentile(List<Long> values, int percent) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(Long::compare);
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    private static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(-1);
    }

    private static String ms(long millis) {
        return millis < 0 ? "-" : millis + " ms";
    }
}
