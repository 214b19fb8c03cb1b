package fr.presenca.connexion.domain.connexion;

import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.DomainError.InvalidField;
import io.vavr.control.Either;

import java.util.regex.Pattern;

/** OpenAI organisation id, {@code org-} followed by letters and digits (openai_organisation_id). */
public record OpenAiOrganisationId(String value) {

    public static final String FIELD = "openaiOrganisationId";
    private static final Pattern SHAPE = Pattern.compile("org-[A-Za-z0-9]{1,96}");
    private static final String REASON = "must be 'org-' followed by letters and digits (at most 100 characters)";

    public OpenAiOrganisationId {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException(InvalidField.of(FIELD, REASON).message());
        }
    }

    public static Either<DomainError, OpenAiOrganisationId> of(String raw) {
        String value = raw == null ? null : raw.trim();
        return value != null && SHAPE.matcher(value).matches()
                ? Either.right(new OpenAiOrganisationId(value))
                : Either.left(InvalidField.of(FIELD, REASON));
    }

    @Override
    public String toString() {
        return value;
    }
}
