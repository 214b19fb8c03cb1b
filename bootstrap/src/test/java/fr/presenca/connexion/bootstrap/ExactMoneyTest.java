package fr.presenca.connexion.bootstrap;

import static fr.presenca.connexion.bootstrap.MeteringClient.input;
import static fr.presenca.connexion.bootstrap.MeteringClient.onlyError;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * Money is exact (API.md, "Money is exact (revision 2)"), through the booted service and its PostgreSQL: costs, holds
 * and totals are never rounded; only monthlyCost and remainingBudget are shown rounded half-up.
 */
@DisplayName("Exact money")
class ExactMoneyTest extends IntegrationTest {

    private static final String CONNEXION = "query($id: ID!) { connexion(id: $id) { monthlyCost monthlyCostLimit } }";
    private static final String UPSERT_PRICE = "mutation($input: UpsertModelPriceInput!) { upsertModelPrice(input: $input)"
            + " { model inputPerMillion cachedInputPerMillion outputPerMillion maxOutputTokens effectiveFrom } }";
    private static final String HISTORY = "query($model: String!) { modelPriceHistory(model: $model)"
            + " { inputPerMillion outputPerMillion effectiveFrom } }";
    private static final String RECORD_CACHED = "mutation($input: RecordUsageInput!) { recordUsage(input: $input)"
            + " { inputTokens cachedInputTokens outputTokens cost } }";
    private static final String SUMMARY = "query($c: ID, $from: Date!, $to: Date!, $by: [UsageGroupBy!]) {"
            + " usageSummary(connexionId: $c, from: $from, to: $to, groupBy: $by)"
            + " { day model connexionId requests inputTokens cachedInputTokens outputTokens cost } }";

    private Fixtures fixtures;
    private MeteringClient api;
    private UUID organisation;
    private String member;
    private String admin;

    @BeforeEach
    void setUp() {
        fixtures = new Fixtures(database);
        api = new MeteringClient(port);
        organisation = fixtures.organisation("Agence Exact " + UUID.randomUUID());
        member = tokens.authenticated(fixtures.user(organisation, false));
        admin = tokens.authenticated(fixtures.user(null, true));
    }

    @AfterEach
    void realTime() {
        clock.reset();
    }

    private UUID connexion(String assignments) {
        UUID id = fixtures.connexion(organisation, "reseau");
        fixtures.update(id, assignments);
        return id;
    }

    private Map<String, Object> authorize(UUID id, String model, int input, int output, String key) {
        return api.authorize(member, input("connexionId", id.toString(), "model", model, "estimatedInputTokens", input,
                "maxOutputTokens", output, "idempotencyKey", key)).block();
    }

    private Map<String, Object> record(UUID id, Object reservationId, String model, int input, int output, String key) {
        return api.record(member, input("connexionId", id.toString(), "reservationId", reservationId, "model", model,
                "inputTokens", input, "outputTokens", output, "idempotencyKey", key)).block();
    }

    private String monthlyCost(UUID id) {
        return (String) api.data(member, CONNEXION, Map.of("id", id.toString()), "connexion").block().get("monthlyCost");
    }

    private BigDecimal exactMonthTotal(UUID id) {
        return database.sql("select spent from openai_month_cost where openai_connexion_id = $1").bind(0, id)
                .map(row -> row.get(0, BigDecimal.class)).one().block();
    }

    @Test
    @DisplayName("three gpt-4.1-nano calls of 100 + 10 tokens cost 0.000014 each; monthlyCost shows 0.0000 of 0.000042")
    void smallCallsAreNotRoundedUp() {
        UUID id = connexion("openai_modeles_autorises = '{gpt-4.1-nano}'");
        for (int i = 0; i < 3; i++) {
            assertThat(record(id, null, "gpt-4.1-nano", 100, 10, "nano-" + i)).containsEntry("cost", "0.000014");
        }
        assertThat(exactMonthTotal(id)).isEqualByComparingTo("0.000042");
        assertThat(monthlyCost(id)).isEqualTo("0.0000");
        assertThat(database.sql("select openai_cout_actuel_mois::text from openai_connexion where openai_connexion_id = $1")
                .bind(0, id).map(row -> row.get(0, String.class)).one().block()).isEqualTo("0.0000");
    }

    @Test
    @DisplayName("a 0.0100 budget admits 13 gpt-4o-mini calls of 1,000 + 1,000 tokens; three of them show 0.0023")
    void budgetAdmitsEveryCallThatFits() {
        UUID id = connexion("openai_modeles_autorises = '{gpt-4o-mini}', openai_limite_cout_mois = 0.0100");
        int admitted = 0;
        for (int i = 0; i < 20; i++) {
            Map<String, Object> answer = authorize(id, "gpt-4o-mini", 1000, 1000, "a-" + i);
            if (!(Boolean) answer.get("allowed")) {
                assertThat(answer).containsEntry("reason", "MONTHLY_BUDGET_EXCEEDED");
                break;
            }
            admitted++;
            assertThat(record(id, answer.get("reservationId"), "gpt-4o-mini", 1000, 1000, "u-" + i))
                    .containsEntry("cost", "0.00075");
            if (admitted == 3) {
                assertThat(monthlyCost(id)).isEqualTo("0.0023");
            }
        }
        assertThat(admitted).isEqualTo(13);
        assertThat(exactMonthTotal(id)).isEqualByComparingTo("0.00975");
        assertThat(monthlyCost(id)).isEqualTo("0.0098");
    }

    @Test
    @DisplayName("10,000 random calls at random prices: the exact total is the sum of the exact costs, monthlyCost its half-up rounding")
    void randomCallsSumExactly() {
        SplittableRandom random = new SplittableRandom(0x5EED_E4AC_7001L);
        List<String> models = new ArrayList<>();
        List<BigDecimal[]> prices = new ArrayList<>();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        for (int m = 0; m < 12; m++) {
            String model = "exact-" + suffix + "-" + m;
            BigDecimal in = BigDecimal.valueOf(random.nextLong(0, 200_000_000L), 6);
            BigDecimal cached = BigDecimal.valueOf(random.nextLong(0, 200_000_000L), 6);
            BigDecimal out = BigDecimal.valueOf(random.nextLong(0, 200_000_000L), 6);
            api.data(admin, UPSERT_PRICE, Map.of("input", input("model", model, "inputPerMillion", in.toPlainString(),
                    "cachedInputPerMillion", cached.toPlainString(), "outputPerMillion", out.toPlainString())),
                    "upsertModelPrice").block();
            models.add(model);
            prices.add(new BigDecimal[] {in, cached, out});
        }
        UUID id = connexion("openai_modeles_autorises = '{}'");
        record Call(int model, int input, int cached, int output) {
        }
        List<Call> calls = new ArrayList<>();
        BigDecimal expected = BigDecimal.ZERO;
        for (int i = 0; i < 10_000; i++) {
            int input = random.nextInt(0, 200_000);
            int cached = random.nextInt(0, input + 1);
            Call call = new Call(random.nextInt(models.size()), input, cached, random.nextInt(0, 50_000));
            calls.add(call);
            BigDecimal[] p = prices.get(call.model());
            expected = expected.add(p[0].multiply(BigDecimal.valueOf(call.input() - call.cached()))
                    .add(p[1].multiply(BigDecimal.valueOf(call.cached())))
                    .add(p[2].multiply(BigDecimal.valueOf(call.output()))).movePointLeft(6));
        }
        List<BigDecimal> costs = Flux.range(0, calls.size())
                .flatMap(i -> api.call(member, RECORD_CACHED, Map.of("input", input("connexionId", id.toString(),
                        "model", models.get(calls.get(i).model()), "inputTokens", calls.get(i).input(),
                        "cachedInputTokens", calls.get(i).cached(), "outputTokens", calls.get(i).output(),
                        "idempotencyKey", "r-" + i))), 8)
                .map(response -> {
                    assertThat(response.get("errors")).isNull();
                    @SuppressWarnings("unchecked")
                    Map<String, Object> event = (Map<String, Object>) ((Map<String, Object>) response.get("data")).get("recordUsage");
                    return new BigDecimal((String) event.get("cost"));
                })
                .collectList().block(Duration.ofMinutes(5));

        assertThat(costs).hasSize(10_000);
        assertThat(costs.stream().reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(expected);
        assertThat(exactMonthTotal(id)).isEqualByComparingTo(expected);
        assertThat(database.sql("select sum(cost) from openai_usage_event where openai_connexion_id = $1").bind(0, id)
                .map(row -> row.get(0, BigDecimal.class)).one().block()).isEqualByComparingTo(expected);
        assertThat(new BigDecimal(monthlyCost(id))).isEqualByComparingTo(expected.setScale(4, RoundingMode.HALF_UP));
    }

    @Test
    @DisplayName("for random concurrent admissions the budget is never exceeded and no call that fits is refused")
    void concurrentAdmissionsHoldTheBudgetExactly() {
        SplittableRandom random = new SplittableRandom(0x5EED_E4AC_7002L);
        for (int round = 0; round < 6; round++) {
            BigDecimal budget = BigDecimal.valueOf(random.nextLong(1, 300), 4);
            UUID id = connexion("openai_modeles_autorises = '{gpt-4o-mini}', openai_limite_cout_mois = " + budget.toPlainString());
            record Ask(int input, int output) {
                BigDecimal hold() {
                    return new BigDecimal("0.15").multiply(BigDecimal.valueOf(input))
                            .add(new BigDecimal("0.60").multiply(BigDecimal.valueOf(output))).movePointLeft(6);
                }
            }
            List<Ask> asks = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                asks.add(new Ask(random.nextInt(0, 3000), random.nextInt(0, 3000)));
            }
            int r = round;
            List<Map.Entry<Ask, Boolean>> answers = Flux.range(0, asks.size())
                    .flatMap(i -> api.authorize(member, input("connexionId", id.toString(), "model", "gpt-4o-mini",
                                    "estimatedInputTokens", asks.get(i).input(), "maxOutputTokens", asks.get(i).output(),
                                    "idempotencyKey", "c-" + r + "-" + i))
                            .map(answer -> Map.entry(asks.get(i), (Boolean) answer.get("allowed"))), 16)
                    .collectList().block(Duration.ofMinutes(2));
            BigDecimal held = answers.stream().filter(Map.Entry::getValue).map(a -> a.getKey().hold())
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal left = budget.subtract(held);
            assertThat(held).as("round %d: admitted holds within %s", round, budget).isLessThanOrEqualTo(budget);
            // A refused call did not fit in what was left when it was decided, which is at least what is left now.
            answers.stream().filter(a -> !a.getValue()).forEach(refused -> assertThat(
                    left.signum() == 0 || refused.getKey().hold().compareTo(left) > 0)
                    .as("round %d: a call holding %s was refused with %s left", r, refused.getKey().hold(), left).isTrue());
            assertThat(database.sql("select held from openai_held_total where openai_connexion_id = $1").bind(0, id)
                    .map(row -> row.get(0, BigDecimal.class)).one().defaultIfEmpty(BigDecimal.ZERO).block())
                    .isEqualByComparingTo(held);
        }
    }

    @Test
    @DisplayName("a future price leaves today's costs alone; a reservation settles at the price of its admission")
    void versionedPrices() {
        String model = "versioned-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.parse("2026-12-02T10:00:00Z");
        clock.set(now);
        api.data(admin, UPSERT_PRICE, Map.of("input", input("model", model, "inputPerMillion", "1",
                "outputPerMillion", "2", "maxOutputTokens", 4096)), "upsertModelPrice").block();
        Map<String, Object> later = api.data(admin, UPSERT_PRICE, Map.of("input", input("model", model,
                "inputPerMillion", "10", "outputPerMillion", "20", "effectiveFrom", "2026-12-02T10:05:00Z")),
                "upsertModelPrice").block();
        assertThat(later).containsEntry("cachedInputPerMillion", "10.0000").containsEntry("maxOutputTokens", null);

        UUID id = connexion("openai_modeles_autorises = '{" + model + "}', openai_limite_cout_mois = 100");
        assertThat(record(id, null, model, 1000, 1000, "today")).containsEntry("cost", "0.0030");
        Map<String, Object> admitted = authorize(id, model, 1000, 1000, "before-change");
        clock.set(now.plus(Duration.ofMinutes(6))); // the reservation (TTL 10 min) still holds
        assertThat(record(id, admitted.get("reservationId"), model, 1000, 1000, "settled-after"))
                .as("priced as when admitted").containsEntry("cost", "0.0030");
        assertThat(record(id, null, model, 1000, 1000, "after")).containsEntry("cost", "0.0300");

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> history = (List<Map<String, Object>>) (Object) api.call(admin, HISTORY, Map.of("model", model))
                .map(response -> ((Map<String, Object>) response.get("data")).get("modelPriceHistory")).block();
        assertThat(history).extracting(v -> v.get("inputPerMillion")).containsExactly("1.0000", "10.0000");

        Map<String, Object> past = api.call(admin, UPSERT_PRICE, Map.of("input", input("model", model, "inputPerMillion", "5",
                "outputPerMillion", "5", "effectiveFrom", "2026-12-02T10:05:30Z"))).block();
        assertThat(onlyError(past)).containsEntry("code", "BAD_REQUEST").containsEntry("field", "effectiveFrom");
    }

    @Test
    @DisplayName("cached input tokens are priced at the cached rate; more cached than input tokens is BAD_REQUEST")
    void cachedInputTokens() {
        UUID id = connexion("openai_modeles_autorises = '{gpt-4o}'");
        // gpt-4o: 2.50 input, 1.25 cached, 10.00 output: 600 × 2.50 + 400 × 1.25 + 100 × 10 per million
        Map<String, Object> event = api.data(member, RECORD_CACHED, Map.of("input", input("connexionId", id.toString(),
                "model", "gpt-4o", "inputTokens", 1000, "cachedInputTokens", 400, "outputTokens", 100,
                "idempotencyKey", "cached")), "recordUsage").block();
        assertThat(event).containsEntry("cost", "0.0030").containsEntry("cachedInputTokens", 400);

        Map<String, Object> refused = api.call(member, RECORD_CACHED, Map.of("input", input("connexionId", id.toString(),
                "model", "gpt-4o", "inputTokens", 10, "cachedInputTokens", 11, "outputTokens", 0,
                "idempotencyKey", "too-many"))).block();
        assertThat(onlyError(refused)).containsEntry("code", "BAD_REQUEST").containsEntry("field", "cachedInputTokens");
        assertThat(fixtures.count("openai_usage_event where idempotency_key = 'too-many'")).isZero();
    }

    @Test
    @DisplayName("usageSummary returns what was recorded, by day, model and connexion, and only to the organisation")
    void usageSummary() {
        UUID first = connexion("openai_modeles_autorises = '{}'");
        UUID second = connexion("openai_modeles_autorises = '{}'");
        record(first, null, "gpt-4o-mini", 1000, 1000, "s1");
        record(first, null, "gpt-4o-mini", 1000, 1000, "s2");
        record(first, null, "gpt-4.1-nano", 100, 10, "s3");
        record(second, null, "gpt-4o-mini", 1000, 1000, "s4");
        String today = LocalDate.ofInstant(clock.instant(), ZoneId.of("Europe/Paris")).toString();

        List<Map<String, Object>> byModel = summary(member, first.toString(), today, today, List.of("MODEL"));
        assertThat(byModel).extracting(b -> b.get("model")).containsExactly("gpt-4.1-nano", "gpt-4o-mini");
        assertThat(byModel.get(1)).containsEntry("requests", 2).containsEntry("inputTokens", 2000)
                .containsEntry("outputTokens", 2000).containsEntry("cost", "0.0015").containsEntry("day", null);
        assertThat(byModel.get(0)).containsEntry("cost", "0.000014");

        List<Map<String, Object>> all = summary(member, null, today, today, List.of("CONNEXION", "DAY"));
        assertThat(all).extracting(b -> b.get("connexionId")).containsExactlyInAnyOrder(first.toString(), second.toString());
        assertThat(all).allSatisfy(b -> assertThat(b).containsEntry("day", today));

        // Another organisation's member sees none of it: one bucket of zeros.
        String stranger = tokens.authenticated(fixtures.user(fixtures.organisation("Autre " + UUID.randomUUID()), false));
        assertThat(summary(stranger, null, today, today, List.of())).singleElement().satisfies(b -> assertThat(b)
                .containsEntry("requests", 0).containsEntry("cost", "0.0000"));
        assertThat(summary(stranger, first.toString(), today, today, List.of("MODEL"))).isEmpty();

        Map<String, Object> tooLong = api.call(member, SUMMARY, Map.of("from", "2025-01-01", "to", "2026-01-02")).block();
        assertThat(onlyError(tooLong)).containsEntry("code", "BAD_REQUEST").containsEntry("field", "to");
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> summary(String token, String connexionId, String from, String to, List<String> by) {
        Map<String, Object> variables = new java.util.HashMap<>(Map.of("from", from, "to", to, "by", by));
        if (connexionId != null) {
            variables.put("c", connexionId);
        }
        Map<String, Object> response = api.call(token, SUMMARY, variables).block();
        assertThat(response.get("errors")).isNull();
        return (List<Map<String, Object>>) ((Map<String, Object>) response.get("data")).get("usageSummary");
    }
}
