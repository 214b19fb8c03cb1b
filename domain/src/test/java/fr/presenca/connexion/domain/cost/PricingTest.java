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
        @DisplayName("keeps more than 4 decimal places")
        void manyDecimals() {
            assertThat(price("0.075", "0.30000001").inputPerMillion()).isEqualByComparingTo("0.075");
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
                // one input token of a cheap model is not free: 0.00000015 rounds up
                "0.15, 0.60, 1, 0, 0.0001",
                // one output token
                "0.15, 0.60, 0, 1, 0.0001",
                // exactly 0.0001, not rounded up to 0.0002
                "0.25, 0, 400, 0, 0.0001",
                // just over 0.0001 rounds up
                "0.25, 0, 401, 0, 0.0002",
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
            assertThat(cost.amount()).hasScaleOf(4);
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
