package fr.presenca.connexion.domain.policy;

import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.connexion.Admitted;
import fr.presenca.connexion.domain.connexion.ClientId;
import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.connexion.ConnexionStatus;
import fr.presenca.connexion.domain.connexion.ModelName;
import fr.presenca.connexion.domain.connexion.NewConnexion;
import fr.presenca.connexion.domain.connexion.OrganisationId;
import fr.presenca.connexion.domain.connexion.Transition;
import fr.presenca.connexion.domain.cost.ModelPrice;
import fr.presenca.connexion.domain.cost.Usd;
import fr.presenca.connexion.domain.fixture.RandomCases;
import io.vavr.control.Either;
import io.vavr.control.Option;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;

import static fr.presenca.connexion.domain.fixture.RandomCases.between;
import static fr.presenca.connexion.domain.fixture.RandomCases.chance;
import static fr.presenca.connexion.domain.fixture.RandomCases.oneOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * For random sequences of admissions, recorded usages and waits (across midnights, month ends and
 * the 2026 DST days, with operators activating and deactivating), an admitted request never takes the daily usage above the limit, nor the
 * month's cost plus open holds above the budget, whatever policy composition is configured.
 * The property runs on 400 seeded random scenarios and on edge scenarios: every combination of a
 * start at a Paris DST switch or month end, a daily limit of none, 0, 1 or 12 and a budget of none,
 * 0, 0.0001 or 0.5, with the shortest (10) and longest (80) step sequences.
 */
@DisplayName("Admission, for any sequence of requests, usages, waits and lifecycle commands")
class AdmissionPropertiesTest {

    static final int TRIES = 400;
    static final long SEED = 0x5EED_AD31_0001L;
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final ModelName MODEL = new ModelName("gpt-4");
    static final String[][] PRICES = {{"0.15", "0.60"}, {"2.50", "10"}, {"30", "60"}, {"0", "0"}, {"0.075", "0.3"}};
    static final List<String> COMMANDS = List.of("activate", "deactivate", "recordFailure", "markExpired");
    static final int MIN_STEPS = 10;
    static final int MAX_STEPS = 80;

    /** One thing happening to the connexion. */
    interface Step {
    }

    /** A request; null token counts mean "not estimated", a null price index means "model not priced". */
    record Admit(Integer inputTokens, Integer maxOutputTokens, Integer priceIndex, boolean anythingGoes) implements Step {
    }

    /** Usage recorded for one open hold: the real cost is {@code percent}% of the hold (real calls may cost more). */
    record Settle(int holdIndex, int percent) implements Step {
    }

    /** Time passes; the service may or may not refresh meanwhile. */
    record Wait(long seconds, boolean refresh) implements Step {
    }

    /** A lifecycle command by an operator; illegal ones are refused and change nothing. */
    record Command(String name) implements Step {
    }

    record Scenario(Instant start, Option<Integer> dailyLimit, Option<Usd> monthlyLimit, List<Step> steps) {
    }

    @Nested
    @DisplayName("an admitted request")
    class AnAdmittedRequest {

        @Test
        @DisplayName("never takes usage over the daily limit nor cost and holds over the budget, and the status stays consistent")
        void staysWithinTheLimits() {
            Map<String, Integer> outcomes = new TreeMap<>();
            RandomCases.of(SEED, TRIES, AdmissionPropertiesTest::scenario)
                    .withEdgeCases(edgeScenarios())
                    .check(scenario -> run(scenario, outcomes));
            System.out.println("AdmissionPropertiesTest outcomes: " + outcomes);
            // The property only means something if the limits were really reached in many runs.
            assertThat(outcomes.getOrDefault("ADMITTED", 0)).isGreaterThan(500);
            assertThat(outcomes.getOrDefault("DAILY_QUOTA_EXCEEDED", 0)).isGreaterThan(50);
            assertThat(outcomes.getOrDefault("MONTHLY_BUDGET_EXCEEDED", 0)).isGreaterThan(50);
            assertThat(outcomes.getOrDefault("MODEL_NOT_PRICED", 0)).isGreaterThan(10);
        }
    }

    private static void run(Scenario scenario, Map<String, Integer> outcomes) {
        Connexion connexion = Connexion.create(new ConnexionId(new UUID(0, 1)),
                new NewConnexion(new OrganisationId(new UUID(0, 2)), Option.none(), new ClientId(new UUID(0, 3)),
                        Option.none(), Option.none(), Option.none(), Option.none(), scenario.dailyLimit(),
                        scenario.monthlyLimit(), Option.none(), Option.none(), Option.none()),
                scenario.start(), PARIS).get().connexion();
        Instant now = scenario.start();
        List<Usd> holds = new ArrayList<>();

        for (Step step : scenario.steps()) {
            if (step instanceof Wait) {
                Wait wait = (Wait) step;
                now = now.plusSeconds(wait.seconds());
                if (wait.refresh()) {
                    connexion = connexion.refresh(now, PARIS).connexion();
                }
            } else if (step instanceof Command) {
                Connexion current = connexion;
                Instant at = now;
                connexion = lifecycle(current, ((Command) step).name(), at)
                        .fold(illegal -> current, Transition::connexion);
            } else if (step instanceof Settle) {
                Settle settle = (Settle) step;
                if (!holds.isEmpty()) {
                    Usd hold = holds.remove(settle.holdIndex() % holds.size());
                    Usd cost = Usd.of(hold.amount().multiply(BigDecimal.valueOf(settle.percent()))
                            .divide(BigDecimal.valueOf(100), Usd.MAX_SCALE, RoundingMode.DOWN));
                    connexion = connexion.recordUsage(cost, now, PARIS).connexion();
                }
            } else {
                Admit admit = (Admit) step;
                AdmissionRequest request = new AdmissionRequest(MODEL, Option.of(admit.inputTokens()),
                        Option.of(admit.maxOutputTokens()), now, Option.of(admit.priceIndex()).map(AdmissionPropertiesTest::price),
                        holds.stream().reduce(Usd.ZERO, Usd::plus), PARIS);
                AdmissionPolicy policy = admit.anythingGoes()
                        ? (c, r) -> AdmissionPolicy.allow()
                        : AdmissionPolicies.builtIn();
                Either<Denial, Admitted> result = connexion.admit(request, policy);
                outcomes.merge(result.fold(d -> d.reason().name(), a -> "ADMITTED"), 1, Integer::sum);
                if (result.isRight()) {
                    connexion = result.get().connexion();
                    holds.add(result.get().hold());
                    assertWithinLimits(connexion, holds);
                }
            }
            assertConsistentStatus(connexion);
        }
    }

    private static Either<DomainError, Transition> lifecycle(Connexion connexion, String command, Instant at) {
        switch (command) {
            case "activate":
                return connexion.activate(at, PARIS);
            case "deactivate":
                return connexion.deactivate(Option.none(), at);
            case "recordFailure":
                return connexion.recordFailure("502 Bad Gateway", at);
            default:
                return connexion.markExpired(at);
        }
    }

    private static void assertWithinLimits(Connexion connexion, List<Usd> holds) {
        int usage = connexion.dailyQuota().usage();
        connexion.dailyQuota().limit().forEach(limit -> assertThat(usage).isLessThanOrEqualTo(limit));
        Usd committed = holds.stream().reduce(connexion.monthlyBudget().spent(), Usd::plus);
        connexion.monthlyBudget().limit().forEach(limit -> assertThat(committed).isLessThanOrEqualTo(limit));
    }

    /** active ⇔ not INACTIVE, and a serving connexion is QUOTA_EXCEEDED exactly when something is used up. */
    private static void assertConsistentStatus(Connexion connexion) {
        assertThat(connexion.active()).isEqualTo(connexion.status() != ConnexionStatus.INACTIVE);
        if (connexion.status().isServing()) {
            assertThat(connexion.status() == ConnexionStatus.QUOTA_EXCEEDED).isEqualTo(connexion.exhaustion().isDefined());
        }
    }

    private static ModelPrice price(int index) {
        return new ModelPrice(MODEL, new BigDecimal(PRICES[index][0]), new BigDecimal(PRICES[index][1]));
    }

    /* Generators */

    /** A start around the DST days or a month end, or anywhere in 2026; limits absent one time in five. */
    static Scenario scenario(SplittableRandom random) {
        Instant start;
        switch (random.nextInt(4)) {
            case 0:
                start = Instant.parse("2026-03-28T00:00:00Z").plusSeconds(between(random, 0L, 2 * 86_400L));
                break;
            case 1:
                start = Instant.parse("2026-10-24T00:00:00Z").plusSeconds(between(random, 0L, 2 * 86_400L));
                break;
            case 2:
                start = Instant.parse("2026-01-31T00:00:00Z").plusSeconds(between(random, 0L, 86_400L));
                break;
            default:
                start = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(between(random, 0L, 365L * 86_400));
        }
        Option<Integer> dailyLimit = chance(random, 0.2) ? Option.none() : Option.some(between(random, 0, 12));
        Option<Usd> monthlyLimit = chance(random, 0.2) ? Option.none()
                : Option.some(Usd.of(BigDecimal.valueOf(between(random, 0L, 5_000L), 4)));
        return new Scenario(start, dailyLimit, monthlyLimit, steps(random, between(random, MIN_STEPS, MAX_STEPS)));
    }

    /** Admissions 6 times in 12, settlements 3, waits 2, lifecycle commands 1. */
    static List<Step> steps(SplittableRandom random, int count) {
        List<Step> steps = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int draw = between(random, 1, 12);
            if (draw <= 6) {
                steps.add(new Admit(tokens(random), tokens(random),
                        chance(random, 0.1) ? null : between(random, 0, PRICES.length - 1), random.nextBoolean()));
            } else if (draw <= 9) {
                steps.add(new Settle(between(random, 0, 50), between(random, 0, 300)));
            } else if (draw <= 11) {
                steps.add(new Wait(waitSeconds(random), random.nextBoolean()));
            } else {
                steps.add(new Command(oneOf(random, COMMANDS)));
            }
        }
        return steps;
    }

    /** Not estimated one time in five; otherwise 0 or 1 (the edge cases) one time in ten, else up to 4000. */
    static Integer tokens(SplittableRandom random) {
        if (chance(random, 0.2)) {
            return null;
        }
        return chance(random, 0.1) ? oneOf(random, 0, 1) : between(random, 0, 4000);
    }

    /** Under an hour, an hour to 26 hours (across a midnight), or 20 to 35 days (across a month end). */
    static long waitSeconds(SplittableRandom random) {
        switch (random.nextInt(3)) {
            case 0:
                return between(random, 0L, 3_600L);
            case 1:
                return between(random, 3_600L, 26 * 3_600L);
            default:
                return between(random, 20 * 86_400L, 35 * 86_400L);
        }
    }

    /**
     * Every start at an edge (Paris midnight and the seconds around the 01:00 UTC switch on both DST
     * days, the last second of January, of February and of the year) with every edge daily limit and
     * budget, each with the shortest and the longest step sequence.
     */
    static List<Scenario> edgeScenarios() {
        List<Instant> starts = List.of(
                Instant.parse("2026-03-28T23:00:00Z"), Instant.parse("2026-03-29T00:59:59Z"),
                Instant.parse("2026-03-29T01:00:00Z"), Instant.parse("2026-03-29T21:59:59Z"),
                Instant.parse("2026-10-24T22:00:00Z"), Instant.parse("2026-10-25T00:59:59Z"),
                Instant.parse("2026-10-25T01:00:00Z"), Instant.parse("2026-10-25T22:59:59Z"),
                Instant.parse("2026-01-31T22:59:59Z"), Instant.parse("2026-02-28T22:59:59Z"),
                Instant.parse("2026-12-31T22:59:59Z"), Instant.parse("2026-01-01T00:00:00Z"));
        List<Option<Integer>> dailyLimits = List.of(Option.none(), Option.some(0), Option.some(1), Option.some(12));
        List<Option<Usd>> monthlyLimits = List.of(Option.none(), Option.some(Usd.ZERO), Option.some(Usd.of("0.0001")),
                Option.some(Usd.of("0.5")));
        SplittableRandom random = new SplittableRandom(SEED ^ 0xED6E_CA5EL);
        List<Scenario> scenarios = new ArrayList<>();
        for (Instant start : starts) {
            for (Option<Integer> dailyLimit : dailyLimits) {
                for (Option<Usd> monthlyLimit : monthlyLimits) {
                    for (int count : List.of(MIN_STEPS, MAX_STEPS)) {
                        scenarios.add(new Scenario(start, dailyLimit, monthlyLimit, steps(random, count)));
                    }
                }
            }
        }
        return scenarios;
    }
}
