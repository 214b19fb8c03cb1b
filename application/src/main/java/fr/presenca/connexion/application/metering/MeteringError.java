package fr.presenca.connexion.application.metering;

import java.util.Objects;

import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.metering.ReservationId;
import fr.presenca.connexion.domain.metering.ReservationProblem;

/**
 * Why a metering command was refused, as a value; nothing was written. Adapters map them to the API's
 * codes: Invalid → BAD_REQUEST, ConnexionNotFound and ReservationNotFound → NOT_FOUND, ReservationRefused →
 * BAD_REQUEST on the problem's field, Conflict → CONFLICT, Forbidden → FORBIDDEN.
 */
public sealed interface MeteringError {

    String message();

    /** The input broke a rule of the domain. */
    record Invalid(DomainError error) implements MeteringError {
        public Invalid {
            Objects.requireNonNull(error, "error");
        }

        @Override
        public String message() {
            return error.message();
        }
    }

    /** No such connexion, or the caller may not see it (row-level security). */
    record ConnexionNotFound(ConnexionId connexionId) implements MeteringError {
        public ConnexionNotFound {
            Objects.requireNonNull(connexionId, "connexionId");
        }

        @Override
        public String message() {
            return "connexionId: no connexion " + connexionId + " visible to the caller";
        }
    }

    /** No such reservation on this connexion (unknown, or another connexion's). */
    record ReservationNotFound(ReservationId reservationId) implements MeteringError {
        public ReservationNotFound {
            Objects.requireNonNull(reservationId, "reservationId");
        }

        @Override
        public String message() {
            return "reservationId: no reservation " + reservationId + " on this connexion";
        }
    }

    /** The reservation exists but cannot be settled by this usage. */
    record ReservationRefused(ReservationId reservationId, ReservationProblem problem) implements MeteringError {
        public ReservationRefused {
            Objects.requireNonNull(reservationId, "reservationId");
            Objects.requireNonNull(problem, "problem");
        }

        @Override
        public String message() {
            return problem.field() + ": " + problem.message();
        }
    }

    /** The write would rewrite what must not change (e.g. a price version already in effect). */
    record Conflict(String message) implements MeteringError {
        public Conflict {
            Objects.requireNonNull(message, "message");
        }
    }

    /** The caller may not do this (e.g. set a price without being a PRESENCA admin). */
    record Forbidden(String message) implements MeteringError {
        public Forbidden {
            Objects.requireNonNull(message, "message");
        }
    }
}
