package fr.presenca.connexion.domain.cost;

import fr.presenca.connexion.domain.connexion.ModelName;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

/** Rounding costs up means a budget is never under-counted, whatever the prices and token counts. */
class PricingPropertiesTest {

    static final BigDecimal STEP = new BigDecimal("0.0001");

    @Property
    void the_cost_is_the_exact_cost_rounded_up_by_less_than_a_ten_thousandth(
            @ForAll("prices") ModelPrice price,
            @ForAll @LongRange(max = 10_000_000) long input,
            @ForAll @LongRange(max = 10_000_000) long output) {
        BigDecimal exact = price.inputPerMillion().multiply(BigDecimal.valueOf(input))
                .add(price.outputPerMillion().multiply(BigDecimal.valueOf(output)))
                .divide(BigDecimal.valueOf(1_000_000));
        BigDecimal cost = Pricing.costOf(price, input, output).amount();
        assertThat(cost).isGreaterThanOrEqualTo(exact);
        assertThat(cost.subtract(exact)).isLessThan(STEP);
        assertThat(cost.scale()).isEqualTo(4);
    }

    @Property
    void splitting_a_call_in_two_never_costs_less_than_making_it_once(
            @ForAll("prices") ModelPrice price,
            @ForAll @LongRange(max = 1_000_000) long input1, @ForAll @LongRange(max = 1_000_000) long output1,
            @ForAll @LongRange(max = 1_000_000) long input2, @ForAll @LongRange(max = 1_000_000) long output2) {
        Usd separately = Pricing.costOf(price, input1, output1).plus(Pricing.costOf(price, input2, output2));
        Usd together = Pricing.costOf(price, input1 + input2, output1 + output2);
        assertThat(separately).isGreaterThanOrEqualTo(together);
    }

    @Property
    void more_tokens_never_cost_less(
            @ForAll("prices") ModelPrice price,
            @ForAll @LongRange(max = 1_000_000) long input, @ForAll @LongRange(max = 1_000_000) long output,
            @ForAll @LongRange(max = 1_000) long extraInput, @ForAll @LongRange(max = 1_000) long extraOutput) {
        assertThat(Pricing.costOf(price, input + extraInput, output + extraOutput))
                .isGreaterThanOrEqualTo(Pricing.costOf(price, input, output));
    }

    @Provide
    Arbitrary<ModelPrice> prices() {
        Arbitrary<BigDecimal> perMillion = Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("200"))
                .ofScale(6);
        return perMillion.tuple2().map(t -> new ModelPrice(new ModelName("m"), t.get1(), t.get2()));
    }
}
