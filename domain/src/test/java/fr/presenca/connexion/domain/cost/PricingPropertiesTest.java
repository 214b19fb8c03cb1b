package fr.presenca.connexion.domain.cost;

import fr.presenca.connexion.domain.connexion.ModelName;
import fr.presenca.connexion.domain.fixture.RandomCases;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static fr.presenca.connexion.domain.fixture.RandomCases.spread;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Costs are exact: never rounded, so a budget is neither under- nor over-counted, whatever the prices and token counts.
 * Each property runs on every combination of edge values (prices 0, 0.000001, 1, 199.999999, 200 per
 * 1M; token counts 0, 1, max − 1, max) and on 1000 seeded random cases.
 */
@DisplayName("Pricing, for any prices and token counts")
class PricingPropertiesTest {

    static final int TRIES = 1000;
    static final long MAX_PRICE_MICROS = 200_000_000L;
    static final List<BigDecimal> EDGE_PER_MILLION = List.of(new BigDecimal("0"), new BigDecimal("0.000001"),
            new BigDecimal("1"), new BigDecimal("199.999999"), new BigDecimal("200"));

    /** One call: a price and token counts. */
    record Call(ModelPrice price, long input, long output) {
        @Override
        public String toString() {
            return input + " in + " + output + " out at " + show(price);
        }
    }

    /** The same tokens sent as one call or as two. */
    record TwoCalls(ModelPrice price, long input1, long output1, long input2, long output2) {
        @Override
        public String toString() {
            return "(" + input1 + " in + " + output1 + " out) then (" + input2 + " in + " + output2 + " out) at " + show(price);
        }
    }

    /** A call, and the same call with a few more tokens. */
    record MoreTokens(ModelPrice price, long input, long output, long extraInput, long extraOutput) {
        @Override
        public String toString() {
            return input + " in + " + output + " out, then " + extraInput + " and " + extraOutput + " more, at " + show(price);
        }
    }

    @Nested
    @DisplayName("the cost of a call")
    class CostOfACall {

        @Test
        @DisplayName("is exactly the price times the tokens, with at most 12 places")
        void exact() {
            long max = 10_000_000;
            List<Call> edges = new ArrayList<>();
            for (ModelPrice price : edgePrices()) {
                for (long input : tokenEdges(max)) {
                    for (long output : tokenEdges(max)) {
                        edges.add(new Call(price, input, output));
                    }
                }
            }
            int checked = RandomCases.of(0x5EED_C057_0001L, TRIES,
                            random -> new Call(price(random), spread(random, 0, max), spread(random, 0, max)))
                    .withEdgeCases(edges)
                    .check(call -> {
                        BigDecimal exact = call.price().inputPerMillion().multiply(BigDecimal.valueOf(call.input()))
                                .add(call.price().outputPerMillion().multiply(BigDecimal.valueOf(call.output())))
                                .divide(BigDecimal.valueOf(1_000_000));
                        BigDecimal cost = Pricing.costOf(call.price(), call.input(), call.output()).amount();
                        assertThat(cost).isEqualByComparingTo(exact);
                        assertThat(cost.stripTrailingZeros().scale()).isLessThanOrEqualTo(Usd.MAX_SCALE);
                    });
            assertThat(checked).isEqualTo(edges.size() + TRIES);
        }

        @Test
        @DisplayName("is the same made once or split in two")
        void splittingNeverCostsLess() {
            long max = 1_000_000;
            List<TwoCalls> edges = new ArrayList<>();
            for (ModelPrice price : edgePrices()) {
                for (long input1 : tokenEdges(max)) {
                    for (long output1 : tokenEdges(max)) {
                        for (long input2 : tokenEdges(max)) {
                            for (long output2 : tokenEdges(max)) {
                                edges.add(new TwoCalls(price, input1, output1, input2, output2));
                            }
                        }
                    }
                }
            }
            int checked = RandomCases.of(0x5EED_C057_0002L, TRIES,
                            random -> new TwoCalls(price(random), spread(random, 0, max), spread(random, 0, max),
                                    spread(random, 0, max), spread(random, 0, max)))
                    .withEdgeCases(edges)
                    .check(calls -> {
                        ModelPrice price = calls.price();
                        Usd separately = Pricing.costOf(price, calls.input1(), calls.output1())
                                .plus(Pricing.costOf(price, calls.input2(), calls.output2()));
                        Usd together = Pricing.costOf(price, calls.input1() + calls.input2(), calls.output1() + calls.output2());
                        assertThat(separately).isEqualTo(together);
                    });
            assertThat(checked).isEqualTo(edges.size() + TRIES);
        }

        @Test
        @DisplayName("never goes down when tokens are added")
        void moreTokensNeverCostLess() {
            long max = 1_000_000;
            long maxExtra = 1_000;
            List<MoreTokens> edges = new ArrayList<>();
            for (ModelPrice price : edgePrices()) {
                for (long input : tokenEdges(max)) {
                    for (long output : tokenEdges(max)) {
                        for (long extraInput : tokenEdges(maxExtra)) {
                            for (long extraOutput : tokenEdges(maxExtra)) {
                                edges.add(new MoreTokens(price, input, output, extraInput, extraOutput));
                            }
                        }
                    }
                }
            }
            int checked = RandomCases.of(0x5EED_C057_0003L, TRIES,
                            random -> new MoreTokens(price(random), spread(random, 0, max), spread(random, 0, max),
                                    spread(random, 0, maxExtra), spread(random, 0, maxExtra)))
                    .withEdgeCases(edges)
                    .check(more -> assertThat(Pricing.costOf(more.price(), more.input() + more.extraInput(),
                            more.output() + more.extraOutput()))
                            .isGreaterThanOrEqualTo(Pricing.costOf(more.price(), more.input(), more.output())));
            assertThat(checked).isEqualTo(edges.size() + TRIES);
        }
    }

    /** Prices per 1M tokens from 0 to 200 with 6 decimal places, small ones as often as large ones. */
    static ModelPrice price(SplittableRandom random) {
        return price(BigDecimal.valueOf(spread(random, 0, MAX_PRICE_MICROS), 6),
                BigDecimal.valueOf(spread(random, 0, MAX_PRICE_MICROS), 6));
    }

    /** Every pair of edge prices for input and output. */
    static List<ModelPrice> edgePrices() {
        List<ModelPrice> prices = new ArrayList<>();
        for (BigDecimal input : EDGE_PER_MILLION) {
            for (BigDecimal output : EDGE_PER_MILLION) {
                prices.add(price(input, output));
            }
        }
        return prices;
    }

    static List<Long> tokenEdges(long max) {
        return List.of(0L, 1L, max - 1, max);
    }

    static ModelPrice price(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {
        return new ModelPrice(new ModelName("m"), inputPerMillion, outputPerMillion);
    }

    static String show(ModelPrice price) {
        return price.inputPerMillion().toPlainString() + "/" + price.outputPerMillion().toPlainString() + " per 1M";
    }
}
