package fr.presenca.connexion.adapter.in.graphql.error;

import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.domain.DomainError;
import io.vavr.control.Either;
import reactor.core.publisher.Mono;

/**
 * A request the API refuses, thrown by a controller and answered by {@link ApiExceptionResolver} with the contract's
 * error for its {@link ApplicationError}. Messages are written for the client and never carry secrets or internals.
 */
public final class ApiException extends RuntimeException {

    private final transient ApplicationError error;

    public ApiException(ApplicationError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    /** An argument the controller itself refuses: BAD_REQUEST naming it, the message {@code "field: reason"}. */
    public static ApiException badRequest(String field, String reason) {
        return rejected(DomainError.InvalidField.of(field, reason));
    }

    /** Input the domain refused, answered like every other domain refusal. */
    public static ApiException rejected(DomainError error) {
        return new ApiException(new ApplicationError.Rejected(error));
    }

    /** The value of a use case's answer, or the API error its refusal stands for. */
    public static <T> Mono<T> valueOrError(Either<ApplicationError, T> result) {
        return result.fold(error -> Mono.error(new ApiException(error)), Mono::just);
    }

    public ApplicationError error() {
        return error;
    }
}
