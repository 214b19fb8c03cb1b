package fr.presenca.connexion.adapter.in.graphql;

import java.util.List;

import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.domain.DomainError;

/**
 * Metering refusals → the contract's error codes. Invalid input is BAD_REQUEST naming the field; an invisible
 * connexion, or a reservation that is not this connexion's, NOT_FOUND; a settled or expired reservation, or
 * a model other than the reservation's, BAD_REQUEST on {@code reservationId} / {@code model}; a price set by a
 * non-admin FORBIDDEN.
 */
final class MeteringErrors {

    private MeteringErrors() {
    }

    static ApiException toException(ApplicationError error) {
        if (error instanceof ApplicationError.Rejected invalid) {
            return invalid(invalid.error());
        }
        if (error instanceof ApplicationError.ConnexionNotFound) {
            return new ApiException(ErrorCode.NOT_FOUND, List.of("connexionId"), error.message());
        }
        if (error instanceof ApplicationError.ReservationNotFound) {
            return new ApiException(ErrorCode.NOT_FOUND, List.of("reservationId"), error.message());
        }
        if (error instanceof ApplicationError.Conflict) {
            return new ApiException(ErrorCode.CONFLICT, error.message());
        }
        if (error instanceof ApplicationError.ReservationRefused refused) {
            return new ApiException(ErrorCode.BAD_REQUEST, List.of(refused.problem().field()), error.message());
        }
        return new ApiException(ErrorCode.FORBIDDEN, error.message());
    }

    /** Invalid input: BAD_REQUEST naming every field at fault, mapped like every other domain refusal. */
    static ApiException invalid(DomainError error) {
        return ApplicationErrors.toException(new ApplicationError.Rejected(error));
    }
}
