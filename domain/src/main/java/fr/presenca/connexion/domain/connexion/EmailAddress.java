package fr.presenca.connexion.domain.connexion;

import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.DomainError.InvalidField;
import io.vavr.control.Either;
import io.vavr.control.Option;

import java.util.regex.Pattern;

/** E-mail of the OpenAI account (openai_email_compte). Kept as entered, only trimmed by {@link #of}. */
public record EmailAddress(String value) {

    public static final String FIELD = "accountEmail";
    private static final int MAX_LENGTH = 254;
    private static final int MAX_LOCAL_LENGTH = 64;
    // Pragmatic subset of RFC 5322: dot-atom local part, dotted host names with a TLD.
    private static final Pattern SHAPE = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
                    + "\\.[A-Za-z]{2,63}");

    public EmailAddress {
        String checked = value;
        problem(checked).forEach(reason -> {
            throw new IllegalArgumentException(InvalidField.of(FIELD, reason).message());
        });
    }

    public static Either<DomainError, EmailAddress> of(String raw) {
        String value = raw == null ? null : raw.trim();
        return problem(value)
                .<Either<DomainError, EmailAddress>>map(reason -> Either.left(InvalidField.of(FIELD, reason)))
                .getOrElse(() -> Either.right(new EmailAddress(value)));
    }

    private static Option<String> problem(String value) {
        if (value == null || value.isBlank()) {
            return Option.some("must not be blank");
        }
        if (value.length() > MAX_LENGTH) {
            return Option.some("must be at most " + MAX_LENGTH + " characters");
        }
        int at = value.lastIndexOf('@');
        if (!SHAPE.matcher(value).matches() || at > MAX_LOCAL_LENGTH) {
            return Option.some("is not a valid e-mail address");
        }
        return Option.none();
    }

    @Override
    public String toString() {
        return value;
    }
}
