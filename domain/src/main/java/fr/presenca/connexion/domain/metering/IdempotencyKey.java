package fr.presenca.connexion.domain.metering;

import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.DomainError.InvalidField;
import io.vavr.control.Either;
import io.vavr.control.Option;

/**
 * A caller's idempotency key: the same key sent twice for one connexion (and one operation) gets the
 * first answer back and counts once. Opaque: compared exactly, never trimmed.
 */
public record IdempotencyKey(String value) {

    public static final String FIELD = "idempotencyKey";
    public static final int MAX_LENGTH = 200;

    public IdempotencyKey {
        String checked = value;
        problem(checked).forEach(reason -> {
            throw new IllegalArgumentException(InvalidField.of(FIELD, reason).message());
        });
    }

    public static Either<DomainError, IdempotencyKey> of(String raw) {
        return problem(raw)
                .<Either<DomainError, IdempotencyKey>>map(reason -> Either.left(InvalidField.of(FIELD, reason)))
                .getOrElse(() -> Either.right(new IdempotencyKey(raw)));
    }

    private static Option<String> problem(String value) {
        if (value == null || value.isBlank()) {
            return Option.some("must not be blank");
        }
        if (value.length() > MAX_LENGTH) {
            return Option.some("must be at most " + MAX_LENGTH + " characters");
        }
        return Option.none();
    }

    @Override
    public String toString() {
        return value;
    }
}
