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
import io.vavr.control.Either;
import io.vavr.control.Option;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For random sequences of admissions, recorded usages and waits (across midnights, month ends and
 * the 2026 DST days, with operators activating and deactivating), an admitted request never takes the daily usage above the limit, nor the
 * month's cost plus open holds above the budget, whatever policy composition is configured.
 */
class AdmissionPropertiesTest {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final ModelName MODEL = new ModelName("gpt-4");
    static final String[][] PRICES = {{"0.15", "0.60"}, {"2.50", "10"}, {"30", "60"}, {"0", "0"}, {"0.075", "0.3"}};

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

    @Property(tries = 400)
    void an_admitted_request_never_takes_usage_over_the_daily_limit_nor_cost_and_holds_over_the_budget(
            @ForAll("scenarios") Scenario scenario) {
        Connexion connexion = Connexion.create(new ConnexionId(UUID.randomUUID()),
                new NewConnexion(new OrganisationId(UUID.randomUUID()), Option.none(), new ClientId(UUID.randomUUID()),
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
                    Usd cost = Usd.ceiling(hold.amount().multiply(BigDecimal.valueOf(settle.percent()))
                            .divide(BigDecimal.valueOf(100), 8, RoundingMode.UP));
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
                String outcome = result.fold(d -> d.reason().name(), a -> "ADMITTED");
                Statistics.label("outcome").collect(outcome);
                if (result.isRight()) {
                    connexion = result.get().connexion();
                    holds.add(result.get().hold());
                    assertWithinLimits(connexion, holds);
                }
            }
            assertConsistentStatus(connexion);
        }
        // The property only means something if the limits were really reached in many runs.
        Statistics.label("outcome").coverage(checker -> {
            checker.check("ADMITTED").count(n -> n > 500);
            checker.check("DAILY_QUOTA_EXCEEDED").count(n -> n > 50);
            checker.check("MONTHLY_BUDGET_EXCEEDED").count(n -> n > 50);
            checker.check("MODEL_NOT_PRICED").count(n -> n > 10);
        });
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

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Instant> start = Arbitraries.oneOf(
                // around the DST days and a month end, and anywhere in 2026
                Arbitraries.longs().between(0, 2 * 86_400).map(s -> Instant.parse("2026-03-28T00:00:00Z").plusSeconds(s)),
                Arbitraries.longs().between(0, 2 * 86_400).map(s -> Instant.parse("2026-10-24T00:00:00Z").plusSeconds(s)),
                Arbitraries.longs().between(0, 86_400).map(s -> Instant.parse("2026-01-31T00:00:00Z").plusSeconds(s)),
                Arbitraries.longs().between(0, 365L * 86_400).map(s -> Instant.parse("2026-01-01T00:00:00Z").plusSeconds(s)));
        Arbitrary<Option<Integer>> dailyLimit = Arbitraries.integers().between(0, 12).injectNull(0.2).map(Option::of);
        Arbitrary<Option<Usd>> monthlyLimit = Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("0.5"))
                .ofScale(4).map(Usd::of).injectNull(0.2).map(Option::of);
        Arbitrary<List<Step>> steps = Arbitraries.frequencyOf(
                Tuple.of(6, admits()),
                Tuple.of(3, settles()),
                Tuple.of(2, waits()),
                Tuple.of(1, Arbitraries.of("activate", "deactivate", "recordFailure", "markExpired").map(Command::new)))
                .list().ofMinSize(10).ofMaxSize(80);
        return Combinators.combine(start, dailyLimit, monthlyLimit, steps).as(Scenario::new);
    }

    private Arbitrary<Step> admits() {
        Arbitrary<Integer> tokens = Arbitraries.integers().between(0, 4000).edgeCases(c -> c.includeOnly(0, 1)).injectNull(0.2);
        Arbitrary<Integer> priceIndex = Arbitraries.integers().between(0, PRICES.length - 1).injectNull(0.1);
        Arbitrary<Boolean> anythingGoes = Arbitraries.of(true, false);
        return Combinators.combine(tokens, tokens, priceIndex, anythingGoes).as(Admit::new);
    }

    private Arbitrary<Step> settles() {
        return Combinators.combine(Arbitraries.integers().between(0, 50), Arbitraries.integers().between(0, 300))
                .as(Settle::new);
    }

    private Arbitrary<Step> waits() {
        Arbitrary<Long> seconds = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 3_600),
                Arbitraries.longs().between(3_600, 26 * 3_600),
                Arbitraries.longs().between(20 * 86_400, 35 * 86_400));
        return Combinators.combine(seconds, Arbitraries.of(true, false)).as(Wait::new);
    }
}
