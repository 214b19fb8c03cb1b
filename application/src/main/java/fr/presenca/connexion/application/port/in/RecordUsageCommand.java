package fr.presenca.connexion.application.port.in;

import java.util.Objects;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.DomainError.InvalidField;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.connexion.ModelName;
import fr.presenca.connexion.domain.metering.IdempotencyKey;
import fr.presenca.connexion.domain.metering.ReservationId;
import io.vavr.control.Either;
import io.vavr.control.Option;

/**
 * Records a completed call: its tokens as OpenAI reported them (the cached input tokens are part of the input
 * tokens, default 0), and the reservation it settles if any.
 * Valid by construction: build it from raw input with {@link #of}.
 *
 * @param upstreamRequestId OpenAI's request id, when the gateway forwarded the call
 */
public record RecordUsageCommand(Caller caller, ConnexionId connexionId, Option<ReservationId> reservationId,
                                 ModelName model, int inputTokens, int cachedInputTokens, int outputTokens,
                                 IdempotencyKey idempotencyKey, Option<String> upstreamRequestId) {

    /** Usage a caller reports (recordUsage): no OpenAI request id. */
    public RecordUsageCommand(Caller caller, ConnexionId connexionId, Option<ReservationId> reservationId, ModelName model,
                              int inputTokens, int cachedInputTokens, int outputTokens, IdempotencyKey idempotencyKey) {
        this(caller, connexionId, reservationId, model, inputTokens, cachedInputTokens, outputTokens, idempotencyKey,
                Option.none());
    }

    public RecordUsageCommand {
        Objects.requireNonNull(upstreamRequestId, "upstreamRequestId");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(connexionId, "connexionId");
        Objects.requireNonNull(reservationId, "reservationId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        if (inputTokens < 0 || cachedInputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("token counts must be >= 0");
        }
        if (cachedInputTokens > inputTokens) {
            throw new IllegalArgumentException("cached input tokens are part of the input tokens");
        }
    }

    public static Either<DomainError, RecordUsageCommand> of(Caller caller, ConnexionId connexionId,
                                                             Option<ReservationId> reservationId, String model,
                                                             Integer inputTokens, Integer cachedInputTokens,
                                                             Integer outputTokens, String idempotencyKey) {
        Either<DomainError, ModelName> checkedModel = ModelName.of(model);
        Either<DomainError, Integer> input = tokens("inputTokens", inputTokens);
        Either<DomainError, Integer> cached = cachedInputTokens == null ? Either.right(0)
                : tokens("cachedInputTokens", cachedInputTokens).flatMap(c -> input.isRight() && c > input.get()
                        ? Either.left(InvalidField.of("cachedInputTokens", "must be at most inputTokens ("
                                + input.get() + "): cached tokens are part of the input tokens"))
                        : Either.right(c));
        Either<DomainError, Integer> output = tokens("outputTokens", outputTokens);
        Either<DomainError, IdempotencyKey> key = IdempotencyKey.of(idempotencyKey);
        return DomainError.problemsOf(checkedModel, input, cached, output, key)
                .<Either<DomainError, RecordUsageCommand>>map(Either::left)
                .getOrElse(() -> Either.right(new RecordUsageCommand(caller, connexionId, reservationId,
                        checkedModel.get(), input.get(), cached.get(), output.get(), key.get())));
    }

    private static Either<DomainError, Integer> tokens(String field, Integer tokens) {
        if (tokens == null) {
            return Either.left(InvalidField.of(field, "is required"));
        }
        return tokens < 0 ? Either.left(InvalidField.of(field, "must be >= 0")) : Either.right(tokens);
    }
}
