package fr.presenca.connexion.domain.connexion;

import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.DomainError.InvalidField;
import io.vavr.control.Either;

import java.util.regex.Pattern;

/** OpenAI project id, {@code proj_} followed by letters and digits (openai_project_id). */
public record OpenAiProjectId(String value) {

    public static final String FIELD = "openaiProjectId";
    private static final Pattern SHAPE = Pattern.compile("proj_[A-Za-z0-9]{1,95}");
    private static final String REASON = "must be 'proj_' followed by letters and digits (at most 100 characters)";

    public OpenAiProjectId {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException(InvalidField.of(FIELD, REASON).message());
        }
    }

    public static Either<DomainError, OpenAiProjectId> of(String raw) {
        String value = raw == null ? null : raw.trim();
        return value != null && SHAPE.matcher(value).matches()
                ? Either.right(new OpenAiProjectId(value))
                : Either.left(InvalidField.of(FIELD, REASON));
    }

    @Override
    public String toString() {
        return value;
    }
}
