package fr.presenca.connexion.domain.cost;

import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.DomainError.InvalidField;
import io.vavr.control.Either;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * A non-negative, exact amount of US dollars. Costs are never rounded: a price has at most 6 places and a
 * token count is an integer, so a cost per million tokens has at most {@value #MAX_SCALE} places, and sums of
 * costs keep them. Only {@link #rounded()} (the seed's numeric(10,4) column, and the amounts shown to people)
 * rounds, half-up to {@value #DISPLAY_SCALE} places; a decision never compares rounded amounts.
 * Never built from a double: every amount goes through BigDecimal.
 */
public record Usd(BigDecimal amount) implements Comparable<Usd> {

    /** Places of the seed's money columns and of amounts shown rounded. */
    public static final int DISPLAY_SCALE = 4;
    /** Places an exact amount may carry: a 6-place price per million tokens. */
    public static final int MAX_SCALE = 12;
    public static final String LIMIT_FIELD = "monthlyCostLimit";
    /** The largest numeric(10,4) value. */
    public static final BigDecimal MAX_LIMIT = new BigDecimal("999999.9999");
    public static final Usd ZERO = new Usd(BigDecimal.ZERO);

    /**
     * Rejects negatives and amounts with more than {@value #MAX_SCALE} significant places; keeps at least
     * {@value #DISPLAY_SCALE} places and no trailing zeros beyond them, so that equal amounts are equal records.
     */
    public Usd {
        Objects.requireNonNull(amount, "amount");
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("a USD amount must be >= 0");
        }
        int significant = amount.stripTrailingZeros().scale();
        if (significant > MAX_SCALE) {
            throw new IllegalArgumentException("a USD amount has at most " + MAX_SCALE + " decimal places");
        }
        amount = amount.setScale(Math.max(DISPLAY_SCALE, significant), RoundingMode.UNNECESSARY);
    }

    /** For trusted literals and stored values: {@code Usd.of("12.34")} is 12.3400. */
    public static Usd of(String amount) {
        return new Usd(new BigDecimal(amount));
    }

    public static Usd of(BigDecimal amount) {
        return new Usd(amount);
    }

    /** A monthly cost limit as typed by a user: 0 to 999999.9999 with at most 4 significant decimals. */
    public static Either<DomainError, Usd> parseLimit(BigDecimal amount) {
        if (amount == null) {
            return Either.left(InvalidField.of(LIMIT_FIELD, "must be a number"));
        }
        if (amount.signum() < 0) {
            return Either.left(InvalidField.of(LIMIT_FIELD, "must be >= 0 (or absent for unlimited)"));
        }
        if (amount.stripTrailingZeros().scale() > DISPLAY_SCALE) {
            return Either.left(InvalidField.of(LIMIT_FIELD, "must have at most " + DISPLAY_SCALE + " decimal places"));
        }
        if (amount.compareTo(MAX_LIMIT) > 0) {
            return Either.left(InvalidField.of(LIMIT_FIELD, "must be at most " + MAX_LIMIT.toPlainString()));
        }
        return Either.right(new Usd(amount));
    }

    /** This amount rounded half-up to 4 places, for display and for the seed's numeric(10,4) column. */
    public Usd rounded() {
        return new Usd(amount.setScale(DISPLAY_SCALE, RoundingMode.HALF_UP));
    }

    public boolean isRounded() {
        return amount.scale() == DISPLAY_SCALE;
    }

    public Usd plus(Usd other) {
        return new Usd(amount.add(other.amount));
    }

    /** The difference, or zero when {@code other} is larger: amounts are never negative. */
    public Usd minusOrZero(Usd other) {
        return amount.compareTo(other.amount) <= 0 ? ZERO : new Usd(amount.subtract(other.amount));
    }

    public boolean isZero() {
        return amount.signum() == 0;
    }

    public boolean isGreaterThan(Usd other) {
        return compareTo(other) > 0;
    }

    public boolean isAtLeast(Usd other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(Usd other) {
        return amount.compareTo(other.amount);
    }

    /** Plain notation with all its places, at least 4 ("12.3400", "0.000014"). */
    @Override
    public String toString() {
        return amount.toPlainString();
    }
}
