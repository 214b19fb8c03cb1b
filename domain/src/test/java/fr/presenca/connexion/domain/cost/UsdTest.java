package fr.presenca.connexion.domain.cost;

import fr.presenca.connexion.domain.DomainError.InvalidField;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;

import static fr.presenca.connexion.domain.fixture.Results.left;
import static fr.presenca.connexion.domain.fixture.Results.right;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("A USD amount")
class UsdTest {

    @Nested
    @DisplayName("construction")
    class Construction {

        @Test
        @DisplayName("has at least 4 decimal places")
        void scale() {
            assertThat(Usd.of("12.34").amount()).isEqualByComparingTo("12.34").hasScaleOf(4);
            assertThat(Usd.of("12.34")).hasToString("12.3400");
            assertThat(Usd.of("7")).hasToString("7.0000");
            assertThat(Usd.ZERO).hasToString("0.0000");
        }

        @Test
        @DisplayName("equal amounts written with different scales are equal")
        void equality() {
            assertThat(Usd.of("1")).isEqualTo(Usd.of("1.0000")).isEqualTo(Usd.of(new BigDecimal("1.00000")));
        }

        @Test
        @DisplayName("trailing zeros beyond 4 places are not significant")
        void trailingZeros() {
            assertThat(Usd.of("0.123400000")).isEqualTo(Usd.of("0.1234"));
            assertThat(Usd.of("0.0000140")).isEqualTo(Usd.of("0.000014")).hasToString("0.000014");
        }

        @Test
        @DisplayName("keeps up to 12 significant decimals exactly, as a 6-place price per million tokens gives")
        void exactDecimals() {
            assertThat(Usd.of("0.000014")).hasToString("0.000014");
            assertThat(Usd.of("0.000000000001")).hasToString("0.000000000001");
        }

        @Test
        @DisplayName("a 13th significant decimal is refused rather than silently rounded")
        void thirteenthDecimal() {
            assertThatThrownBy(() -> Usd.of("0.0000000000001")).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("a negative amount is refused")
        void negative() {
            assertThatThrownBy(() -> Usd.of("-0.0001")).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("rounded for display half-up to 4 places")
        void rounded() {
            assertThat(Usd.of("0.000042").rounded()).isEqualTo(Usd.ZERO).hasToString("0.0000");
            assertThat(Usd.of("0.00225").rounded()).hasToString("0.0023");
            assertThat(Usd.of("0.00224999").rounded()).hasToString("0.0022");
            assertThat(Usd.of("0.00005").rounded()).hasToString("0.0001");
            assertThat(Usd.of("12.3400").rounded()).isEqualTo(Usd.of("12.34"));
            assertThat(Usd.of("0.00225").rounded().isRounded()).isTrue();
            assertThat(Usd.of("0.00225").isRounded()).isFalse();
        }
    }

    @Nested
    @DisplayName("as a monthly limit typed by a user")
    class Limits {

        @ParameterizedTest(name = "{0} is accepted")
        @ValueSource(strings = {"0", "0.0001", "12.34", "999999.9999", "1.23450"})
        void accepted(String raw) {
            assertThat(right(Usd.parseLimit(new BigDecimal(raw)))).isEqualTo(Usd.of(new BigDecimal(raw)));
        }

        @ParameterizedTest(name = "{0} is rejected")
        @ValueSource(strings = {"-1", "-0.0001", "0.00001", "12.34567", "1000000", "999999.99991"})
        @DisplayName("negative, over numeric(10,4) or with more than 4 significant decimals, on field monthlyCostLimit")
        void rejected(String raw) {
            assertThat(left(Usd.parseLimit(new BigDecimal(raw)))).isInstanceOfSatisfying(InvalidField.class,
                    e -> assertThat(e.field()).isEqualTo("monthlyCostLimit"));
        }

        @Test
        @DisplayName("a missing number is rejected")
        void nullRejected() {
            assertThat(Usd.parseLimit(null).isLeft()).isTrue();
        }
    }

    @Nested
    @DisplayName("arithmetic")
    class Arithmetic {

        @Test
        @DisplayName("adds exactly")
        void plus() {
            assertThat(Usd.of("0.1").plus(Usd.of("0.2"))).isEqualTo(Usd.of("0.3"));
        }

        @Test
        @DisplayName("subtracts down to zero, never below")
        void minusOrZero() {
            assertThat(Usd.of("1.0000").minusOrZero(Usd.of("0.9999"))).isEqualTo(Usd.of("0.0001"));
            assertThat(Usd.of("1.0000").minusOrZero(Usd.of("1.0000"))).isEqualTo(Usd.ZERO);
            assertThat(Usd.of("1.0000").minusOrZero(Usd.of("2"))).isEqualTo(Usd.ZERO);
        }

        @Test
        @DisplayName("compares by amount")
        void comparisons() {
            assertThat(Usd.of("1.0001").isGreaterThan(Usd.of("1"))).isTrue();
            assertThat(Usd.of("1").isAtLeast(Usd.of("1.0000"))).isTrue();
            assertThat(Usd.of("0.9999").isAtLeast(Usd.of("1"))).isFalse();
        }
    }
}
