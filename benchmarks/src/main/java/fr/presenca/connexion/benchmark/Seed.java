package fr.presenca.connexion.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates, through the API as an administrator, what the benchmark needs: an organisation, a user of it (whose
 * tokens the load uses: role authenticated, so row-level security filters every statement) and one template
 * connexion with an encrypted API key, a daily limit and a monthly budget. Prints shell assignments
 * ({@code ORGANISATION_ID=…}, {@code USER_ID=…}, {@code TEMPLATE_ID=…}); run.sh then copies the template row in
 * SQL into the 1,000-connexion sets with predictable ids (creating thousands of connexions over GraphQL would
 * only slow the run down, and pgbench needs ids it can compute).
 */
public final class Seed {

    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    public static void main(String[] args) throws Exception {
        Map<String, String> options = ClosedLoopLoad.parse(args);
        URI url = URI.create(options.getOrDefault("url", "http://localhost:8080/graphql"));
        String secret = options.getOrDefault("secret", System.getenv("PRESENCA_JWT_SECRET"));
        String admin = options.getOrDefault("admin", System.getenv("PRESENCA_BOOTSTRAP_ADMIN_ID"));
        String token = AuthorizeRequestBenchmark.jwt(secret, admin, "authenticated", Duration.ofHours(1));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        String organisation = id(call(http, url, token,
                "mutation { createOrganisation(input: { name: \\\"benchmark " + UUID.randomUUID() + "\\\" }) { id } }"));
        String user = id(call(http, url, token, "mutation { createUser(input: { organisationId: \\\"" + organisation
                + "\\\", email: \\\"benchmark-" + UUID.randomUUID().toString().substring(0, 8) + "@presenca.example\\\" }) { id } }"));
        String template = id(call(http, url, token, "mutation { createConnexion(input: { organisationId: \\\"" + organisation
                + "\\\", clientType: RESEAU_AGENCE, clientId: \\\"" + UUID.randomUUID()
                + "\\\", apiKey: \\\"sk-proj-benchmarkAbCdEfGhIjKlMnOpQrStUvWxYz0123456789\\\","
                + " accountEmail: \\\"ia@benchmark.example\\\", openaiOrganisationId: \\\"org-Benchmark1\\\","
                + " dailyRequestLimit: " + options.getOrDefault("daily-limit", "100000000")
                + ", monthlyCostLimit: \\\"" + options.getOrDefault("monthly-limit", "999999.0000") + "\\\","
                + " allowedModels: [\\\"gpt-4o\\\", \\\"gpt-4o-mini\\\"], extensions: { temperature: 0.2 } }) { id } }"));
        System.out.println("ORGANISATION_ID=" + organisation);
        System.out.println("USER_ID=" + user);
        System.out.println("TEMPLATE_ID=" + template);
    }

    private static String call(HttpClient http, URI url, String token, String document) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"" + document + "\"}")).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || response.body().contains("\"errors\"")) {
            throw new IllegalStateException("seeding failed: HTTP " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static String id(String answer) {
        Matcher matcher = ID.matcher(answer);
        if (!matcher.find()) {
            throw new IllegalStateException("no id in " + answer);
        }
        return matcher.group(1);
    }
}
