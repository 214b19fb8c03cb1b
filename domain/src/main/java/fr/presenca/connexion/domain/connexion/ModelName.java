package fr.presenca.connexion.domain.connexion;

import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.DomainError.InvalidField;
import io.vavr.control.Either;
import io.vavr.control.Option;

/**
 * An OpenAI model name such as "gpt-4o-mini" or "ft:gpt-4o:acme::abc". Compared exactly: OpenAI
 * model ids are case-sensitive.
 */
public record ModelName(String value) {

    public static final String FIELD = "model";
    public static final int MAX_LENGTH = 100;

    public ModelName {
        String checked = value;
        problem(checked).forEach(reason -> {
            throw new IllegalArgumentException(InvalidField.of(FIELD, reason).message());
        });
    }

    public static Either<DomainError, ModelName> of(String raw) {
        return of(FIELD, raw);
    }

    /** Same rules, with the error naming the input field the name came from. */
    static Either<DomainError, ModelName> of(String field, String raw) {
        String value = raw == null ? null : raw.trim();
        return problem(value)
                .<Either<DomainError, ModelName>>map(reason -> Either.left(InvalidField.of(field, reason)))
                .getOrElse(() -> Either.right(new ModelName(value)));
    }

    private static Option<String> problem(String value) {
        if (value == null || value.isBlank()) {
            return Option.some("model names must not be blank");
        }
        if (!value.equals(value.trim())) {
            return Option.some("model names must not start or end with spaces");
        }
        if (value.length() > MAX_LENGTH) {
            return Option.some("model names must be at most " + MAX_LENGTH + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            return Option.some("model names must not contain control characters");
        }
        return Option.none();
    }

    @Override
    public String toString() {
        return value;
    }
}
