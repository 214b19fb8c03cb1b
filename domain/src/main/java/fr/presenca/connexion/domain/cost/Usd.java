package fr.presenca.connexion.domain.cost;

import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.DomainError.InvalidField;
import io.vavr.control.Either;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * A non-negative amount of US dollars with exactly 4 decimal places, as numeric(10,4) stores it.
 * Never built from a double: every amount goes through BigDecimal.
 */
public record Usd(BigDecimal amount) implements Comparable<Usd> {

    public static final int SCALE = 4;
    public static final String LIMIT_FIELD = "monthlyCostLimit";
    /** The largest numeric(10,4) value. */
    public static final BigDecimal MAX_LIMIT = new BigDecimal("999999.9999");
    public static final Usd ZERO = new Usd(BigDecimal.ZERO);

    /** Rejects negatives and amounts with more than 4 significant decimals (those would be silently rounded). */
    public Usd {
        Objects.requireNonNull(amount, "amount");
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("a USD amount must be >= 0");
        }
        if (amount.stripTrailingZeros().scale() > SCALE) {
            throw new IllegalArgumentException("a USD amount has at most " + SCALE + " decimal places");
        }
        amount = amount.setScale(SCALE, RoundingMode.UNNECESSARY);
    }

    /** For trusted literals and stored values: {@code Usd.of("12.34")} is 12.3400. */
    public static Usd of(String amount) {
        return new Usd(new BigDecimal(amount));
    }

    public static Usd of(BigDecimal amount) {
        return new Usd(amount);
    }

    /**
     * A computed amount (a price times tokens) rounded UP to the cent's hundredth: rounding down
     * would let many tiny requests each be counted a bit short, and a budget must never be under-counted.
     */
    public static Usd ceiling(BigDecimal exact) {
        Objects.requireNonNull(exact, "exact");
        return new Usd(exact.setScale(SCALE, RoundingMode.CEILING));
    }

    /** A monthly cost limit as typed by a user: 0 to 999999.9999 with at most 4 significant decimals. */
    public static Either<DomainError, Usd> parseLimit(BigDecimal amount) {
        if (amount == null) {
            return Either.left(InvalidField.of(LIMIT_FIELD, "must be a number"));
        }
        if (amount.signum() < 0) {
            return Either.left(InvalidField.of(LIMIT_FIELD, "must be >= 0 (or absent for unlimited)"));
        }
        if (amount.stripTrailingZeros().scale() > SCALE) {
            return Either.left(InvalidField.of(LIMIT_FIELD, "must have at most " + SCALE + " decimal places"));
        }
        if (amount.compareTo(MAX_LIMIT) > 0) {
            return Either.left(InvalidField.of(LIMIT_FIELD, "must be at most " + MAX_LIMIT.toPlainString()));
        }
        return Either.right(new Usd(amount));
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

    /** Plain notation with 4 places, as the API's Decimal scalar ("12.3400"). */
    @Override
    public String toString() {
        return amount.toPlainString();
    }
}
