package fr.presenca.connexion.bootstrap;

import static fr.presenca.connexion.bootstrap.MeteringClient.input;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

/** {@code /actuator/prometheus} as an operator scrapes it, after admissions and denials over GraphQL. */
@DisplayName("Prometheus metrics")
class PrometheusMetricsTest extends IntegrationTest {

    private static final Duration AT_MOST = Duration.ofSeconds(60);
    /** name{labels} value, as Prometheus' text format writes a sample. */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private Fixtures fixtures;
    private MeteringClient metering;
    private UUID organisation;
    private UUID user;
    private String member;
    private UUID connexion;

    @BeforeEach
    void setUp() {
        fixtures = new Fixtures(database);
        metering = new MeteringClient(port);
        organisation = fixtures.organisation("Réseau Mesuré " + UUID.randomUUID());
        user = fixtures.user(organisation, false);
        member = tokens.authenticated(user);
        connexion = fixtures.connexion(organisation, "reseau");
        fixtures.update(connexion, "openai_modeles_autorises = '{gpt-4o-mini}', openai_limite_quotidienne = 2,"
                + " openai_api_key = 'sk-proj-MetricsMustNotShow0000000000Zq42'");
    }

    private String scrape(String token) {
        return http().get().uri("/actuator/prometheus").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }

    /** Every sample of the scrape: "name{labels}" (labels sorted as written) to value. */
    private static Map<String, Double> samples(String scrape) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : scrape.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (!line.startsWith("#") && sample.matches()) {
                samples.put(sample.group(1) + (sample.group(2) == null ? "" : sample.group(2)),
                        Double.parseDouble(sample.group(3)));
            }
        }
        return samples;
    }

    private Map<String, Object> authorize(UUID connexionId, String model, String key) {
        return metering.call(member, MeteringClient.AUTHORIZE, Map.of("input", input("connexionId", connexionId.toString(),
                "model", model, "estimatedInputTokens", 100, "maxOutputTokens", 100, "idempotencyKey", key)))
                .block(AT_MOST);
    }

    @Test
    @DisplayName("counts admissions by outcome and reason, times them in a histogram, shows the pool and the JVM,"
            + " and no label names a tenant, a user, a connexion, a model or a key")
    void admissionsAndDenials() {
        String serviceRole = tokens.serviceRole(UUID.randomUUID());
        Map<String, Double> before = samples(scrape(serviceRole));

        authorize(connexion, "gpt-4o-mini", "metrics-1");
        authorize(connexion, "gpt-4o-mini", "metrics-2");
        authorize(connexion, "gpt-4o-mini", "metrics-3");
        authorize(connexion, "gpt-4o", "metrics-4");
        authorize(UUID.randomUUID(), "gpt-4o-mini", "metrics-5");

        String scrape = scrape(serviceRole);
        Map<String, Double> after = samples(scrape);
        Map<String, Double> added = new HashMap<>();
        after.forEach((name, value) -> added.put(name, value - before.getOrDefault(name, 0.0)));

        assertThat(added).containsEntry("presenca_admissions_total{outcome=\"allowed\",reason=\"none\"}", 2.0)
                .containsEntry("presenca_admissions_total{outcome=\"denied\",reason=\"daily_quota_exceeded\"}", 1.0)
                .containsEntry("presenca_admissions_total{outcome=\"denied\",reason=\"model_not_allowed\"}", 1.0)
                .containsEntry("presenca_admissions_total{outcome=\"refused\",reason=\"connexion_not_found\"}", 1.0)
                .containsEntry("presenca_admissions_total{outcome=\"denied\",reason=\"monthly_budget_exceeded\"}", 0.0)
                .containsEntry("presenca_admissions_total{outcome=\"failed\",reason=\"none\"}", 0.0)
                .containsEntry("presenca_admission_duration_seconds_count{outcome=\"allowed\"}", 2.0)
                .containsEntry("presenca_admission_duration_seconds_count{outcome=\"denied\"}", 2.0)
                .containsEntry("presenca_admission_duration_seconds_bucket{outcome=\"allowed\",le=\"+Inf\"}", 2.0);
        assertThat(after.get("presenca_admission_duration_seconds_sum{outcome=\"allowed\"}"))
                .isGreaterThan(before.getOrDefault("presenca_admission_duration_seconds_sum{outcome=\"allowed\"}", 0.0));
        assertThat(after.keySet().stream().filter(name -> name.startsWith("presenca_admission_duration_seconds_bucket"
                + "{outcome=\"allowed\""))).hasSizeGreaterThan(10);
        assertThat(after.keySet()).anyMatch(name -> name.startsWith("r2dbc_pool_acquired_connections"))
                .anyMatch(name -> name.startsWith("r2dbc_pool_pending_connections"))
                .anyMatch(name -> name.startsWith("r2dbc_pool_max_allocated_connections"))
                .anyMatch(name -> name.startsWith("jvm_memory_used_bytes"))
                .anyMatch(name -> name.startsWith("jvm_gc_pause_seconds"))
                .anyMatch(name -> name.startsWith("jvm_threads_live_threads"))
                .anyMatch(name -> name.startsWith("process_cpu_usage"));

        for (String secretOrTenant : List.of(organisation.toString(), user.toString(), connexion.toString(),
                "gpt-4o", "sk-proj", "Zq42", JWT_SECRET)) {
            assertThat(scrape).as("the scrape names no tenant, user, connexion, model nor key")
                    .doesNotContain(secretOrTenant);
        }
        // The gateway's meters add the endpoint (a fixed path such as chat/completions) and the HTTP status.
        Set<String> labelsOfOurs = Set.of("outcome", "reason", "le", "endpoint", "status");
        after.keySet().stream().filter(name -> name.startsWith("presenca_")).forEach(name -> {
            Matcher label = LABEL.matcher(name);
            while (label.find()) {
                assertThat(label.group(1)).as(name).isIn(labelsOfOurs);
                assertThat(label.group(2)).as(name).matches("[a-z_/]+|[0-9.]+|\\+Inf");
            }
        });
    }

    @Test
    @DisplayName("are served to a service_role token only: 401 without a token, 401 with a bad one, 403 with an authenticated one")
    void access() {
        http().get().uri("/actuator/prometheus").exchange().expectStatus().isUnauthorized();
        http().get().uri("/actuator/prometheus").header(HttpHeaders.AUTHORIZATION, "Bearer "
                + tokens.signedWith("another-secret-of-thirty-two-bytes-or-more!", user)).exchange()
                .expectStatus().isUnauthorized();
        http().get().uri("/actuator/prometheus").header(HttpHeaders.AUTHORIZATION, "Bearer " + member).exchange()
                .expectStatus().isForbidden();
        assertThat(scrape(tokens.serviceRole(UUID.randomUUID()))).contains("# TYPE presenca_admissions_total counter");
    }
}
