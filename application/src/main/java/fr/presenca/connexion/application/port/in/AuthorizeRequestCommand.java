package fr.presenca.connexion.application.port.in;

import java.util.Objects;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.DomainError.InvalidField;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.connexion.ModelName;
import fr.presenca.connexion.domain.metering.IdempotencyKey;
import io.vavr.control.Either;
import io.vavr.control.Option;

/**
 * Asks whether one call to OpenAI may be made on a connexion, and reserves it if so. Valid by
 * construction: build it from raw input with {@link #of}, which reports every invalid field at once.
 *
 * @param estimatedInputTokens the caller's estimate of prompt tokens, if any (≥ 0)
 * @param maxOutputTokens      the completion cap, if any (≥ 0)
 */
public record AuthorizeRequestCommand(Caller caller, ConnexionId connexionId, ModelName model,
                                      Option<Integer> estimatedInputTokens, Option<Integer> maxOutputTokens,
                                      IdempotencyKey idempotencyKey) {

    public AuthorizeRequestCommand {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(connexionId, "connexionId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(estimatedInputTokens, "estimatedInputTokens");
        Objects.requireNonNull(maxOutputTokens, "maxOutputTokens");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        if (estimatedInputTokens.exists(t -> t == null || t < 0) || maxOutputTokens.exists(t -> t == null || t < 0)) {
            throw new IllegalArgumentException("token counts must be >= 0");
        }
    }

    public static Either<DomainError, AuthorizeRequestCommand> of(Caller caller, ConnexionId connexionId, String model,
                                                                  Integer estimatedInputTokens, Integer maxOutputTokens,
                                                                  String idempotencyKey) {
        Either<DomainError, ModelName> checkedModel = ModelName.of(model);
        Either<DomainError, Option<Integer>> input = tokens("estimatedInputTokens", Option.of(estimatedInputTokens));
        Either<DomainError, Option<Integer>> output = tokens("maxOutputTokens", Option.of(maxOutputTokens));
        Either<DomainError, IdempotencyKey> key = IdempotencyKey.of(idempotencyKey);
        return DomainError.problemsOf(checkedModel, input, output, key)
                .<Either<DomainError, AuthorizeRequestCommand>>map(Either::left)
                .getOrElse(() -> Either.right(new AuthorizeRequestCommand(caller, connexionId, checkedModel.get(),
                        input.get(), output.get(), key.get())));
    }

    static Either<DomainError, Option<Integer>> tokens(String field, Option<Integer> tokens) {
        return tokens.exists(t -> t < 0) ? Either.left(InvalidField.of(field, "must be >= 0")) : Either.right(tokens);
    }
}
