package fr.presenca.connexion.domain.cost;

import fr.presenca.connexion.domain.connexion.ModelName;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;

import static fr.presenca.connexion.domain.fixture.Results.left;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Pricing")
class PricingTest {

    static ModelPrice price(String input, String output) {
        return new ModelPrice(new ModelName("gpt-4o-mini"), new BigDecimal(input), new BigDecimal(output));
    }

    @Nested
    @DisplayName("a model price")
    class Prices {

        @Test
        @DisplayName("keeps up to 6 decimal places, and refuses a 7th (a cost would then need more than 12)")
        void manyDecimals() {
            assertThat(price("0.075", "0.300001").inputPerMillion()).isEqualByComparingTo("0.075");
            assertThatThrownBy(() -> price("0.075", "0.3000001")).isInstanceOf(IllegalArgumentException.class);
            assertThat(left(ModelPrice.of(new ModelName("gpt-4"), new BigDecimal("0.0000001"), BigDecimal.ONE)).message())
                    .startsWith("inputPerMillion");
        }

        @Test
        @DisplayName("cannot be negative")
        void negative() {
            assertThatThrownBy(() -> price("-0.01", "1")).isInstanceOf(IllegalArgumentException.class);
            assertThat(left(ModelPrice.of(new ModelName("gpt-4"), new BigDecimal("-1"), BigDecimal.ONE)).message())
                    .startsWith("inputPerMillion");
            assertThat(left(ModelPrice.of(new ModelName("gpt-4"), BigDecimal.ONE, null)).message())
                    .startsWith("outputPerMillion");
        }
    }

    @Nested
    @DisplayName("the cost of a call")
    class Costs {

        @ParameterizedTest(name = "{2} in + {3} out at {0}/{1} per 1M costs {4}")
        @CsvSource({
                // exact: 1000 × 2.50/1M + 500 × 10/1M = 0.0025 + 0.0050
                "2.50, 10.00, 1000, 500, 0.0075",
                // no tokens, no cost
                "2.50, 10.00, 0, 0, 0.0000",
                // one input token of a cheap model costs exactly what OpenAI bills, not rounded up
                "0.15, 0.60, 1, 0, 0.00000015",
                // one output token
                "0.15, 0.60, 0, 1, 0.0000006",
                // exactly 0.0001
                "0.25, 0, 400, 0, 0.0001",
                // just over 0.0001, kept exact
                "0.25, 0, 401, 0, 0.00010025",
                // gpt-4.1-nano, 100 in + 10 out: 0.000014, not 0.0001
                "0.10, 0.40, 100, 10, 0.000014",
                // gpt-4o-mini, 1000 in + 1000 out: 0.00075, not 0.0008
                "0.15, 0.60, 1000, 1000, 0.00075",
                // a price with more than 4 places
                "0.075, 0.3, 1000000, 1000000, 0.3750",
                // a free model
                "0, 0, 123456, 654321, 0.0000",
                // a billion tokens
                "60, 120, 1000000000, 0, 60000.0000",
        })
        void cost(String input, String output, long inputTokens, long outputTokens, String expected) {
            Usd cost = Pricing.costOf(price(input, output), inputTokens, outputTokens);
            assertThat(cost).isEqualTo(Usd.of(expected));
            assertThat(cost.amount()).isEqualByComparingTo(expected);
        }

        @Test
        @DisplayName("prices cached input tokens at the cached-input price, the rest of the input at the input price")
        void cachedInput() {
            ModelPrice gpt4o = new ModelPrice(new ModelName("gpt-4o"), new BigDecimal("2.50"), new BigDecimal("1.25"),
                    new BigDecimal("10.00"), io.vavr.control.Option.none(), ModelPrice.ALWAYS);
            // 600 × 2.50 + 400 × 1.25 + 100 × 10 = 1500 + 500 + 1000 per million
            assertThat(gpt4o.costOf(1000, 400, 100)).isEqualTo(Usd.of("0.003"));
            assertThat(gpt4o.costOf(1000, 0, 100)).isEqualTo(Usd.of("0.0035"));
            assertThatThrownBy(() -> gpt4o.costOf(10, 11, 0)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("the upper bound of a call prices every input token at the dearer of input and cached input")
        void upperBound() {
            ModelPrice odd = new ModelPrice(new ModelName("m"), new BigDecimal("1"), new BigDecimal("3"),
                    new BigDecimal("2"), io.vavr.control.Option.none(), ModelPrice.ALWAYS);
            assertThat(Pricing.upperBound(odd, 1000, 1000)).isEqualTo(Usd.of("0.005"));
            ModelPrice usual = new ModelPrice(new ModelName("m"), new BigDecimal("2.5"), new BigDecimal("1.25"),
                    new BigDecimal("10"), io.vavr.control.Option.none(), ModelPrice.ALWAYS);
            assertThat(Pricing.upperBound(usual, 1000, 100)).isEqualTo(usual.costOf(1000, 0, 100));
        }

        @Test
        @DisplayName("the price's own shortcut gives the same cost")
        void shortcut() {
            assertThat(price("2.5", "10").costOf(1000, 500)).isEqualTo(Usd.of("0.0075"));
        }

        @Test
        @DisplayName("negative token counts are a bug, not a price")
        void negativeTokens() {
            assertThatThrownBy(() -> Pricing.costOf(price("1", "1"), -1, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Pricing.costOf(price("1", "1"), 0, -1)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
