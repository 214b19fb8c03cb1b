package fr.presenca.connexion.adapter.in.graphql;

import java.util.List;

import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.domain.DomainError;
import io.vavr.control.Either;
import reactor.core.publisher.Mono;

/** The one mapping from the core's refusals to the contract's error codes. */
final class ApplicationErrors {

    private ApplicationErrors() {
    }

    /** The value of a use case's answer, or the API error it stands for. */
    static <T> Mono<T> valueOrError(Either<ApplicationError, T> result) {
        return result.fold(error -> Mono.error(toException(error)), Mono::just);
    }

    static ApiException toException(ApplicationError error) {
        if (error instanceof ApplicationError.Rejected rejected) {
            return fromDomain(rejected.error());
        }
        if (error instanceof ApplicationError.NotFound) {
            return new ApiException(ErrorCode.NOT_FOUND, error.message());
        }
        if (error instanceof ApplicationError.Forbidden) {
            return new ApiException(ErrorCode.FORBIDDEN, error.message());
        }
        if (error instanceof ApplicationError.Conflict) {
            return new ApiException(ErrorCode.CONFLICT, error.message());
        }
        ApplicationError.InvalidReference reference = (ApplicationError.InvalidReference) error;
        return new ApiException(ErrorCode.BAD_REQUEST, List.of(reference.field()), reference.message());
    }

    private static ApiException fromDomain(DomainError error) {
        if (error instanceof DomainError.InvalidField field) {
            return new ApiException(ErrorCode.BAD_REQUEST, List.of(field.field()), field.message());
        }
        if (error instanceof DomainError.InvalidFields fields) {
            return new ApiException(ErrorCode.BAD_REQUEST,
                    fields.errors().map(DomainError.InvalidField::field).toJavaList(), fields.message());
        }
        return new ApiException(ErrorCode.CONFLICT, error.message());
    }
}
