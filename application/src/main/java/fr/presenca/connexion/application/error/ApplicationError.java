package fr.presenca.connexion.application.error;

import java.util.Objects;

import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.metering.ReservationId;
import fr.presenca.connexion.domain.metering.ReservationProblem;

/**
 * Every expected way a use case can refuse, as a value; nothing was written. Messages are written for the caller and
 * never carry secrets.
 *
 * <p>An inbound adapter maps each kind to its contract with a {@link Visitor}: one method per kind, so a new kind
 * does not compile until every mapping says what it becomes.
 */
public sealed interface ApplicationError {

    String message();

    <R> R accept(Visitor<R> visitor);

    /** One answer per kind of refusal. */
    interface Visitor<R> {

        R rejected(Rejected error);

        R notFound(NotFound error);

        R connexionNotFound(ConnexionNotFound error);

        R reservationNotFound(ReservationNotFound error);

        R reservationRefused(ReservationRefused error);

        R invalidReference(InvalidReference error);

        R forbidden(Forbidden error);

        R conflict(Conflict error);
    }

    /** The domain refused: invalid input, or a transition its state does not allow. */
    record Rejected(DomainError error) implements ApplicationError {
        public Rejected {
            Objects.requireNonNull(error, "error");
        }

        @Override
        public String message() {
            return error.message();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.rejected(this);
        }
    }

    /** The thing does not exist, or the caller may not see it (the two are indistinguishable on purpose). */
    record NotFound(String message) implements ApplicationError {
        public NotFound {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.notFound(this);
        }
    }

    /** The connexion a metering command names does not exist, or the caller may not see it (row-level security). */
    record ConnexionNotFound(ConnexionId connexionId) implements ApplicationError {
        public ConnexionNotFound {
            Objects.requireNonNull(connexionId, "connexionId");
        }

        @Override
        public String message() {
            return "connexionId: no connexion " + connexionId + " visible to the caller";
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.connexionNotFound(this);
        }
    }

    /** No such reservation on this connexion (unknown, or another connexion's). */
    record ReservationNotFound(ReservationId reservationId) implements ApplicationError {
        public ReservationNotFound {
            Objects.requireNonNull(reservationId, "reservationId");
        }

        @Override
        public String message() {
            return "reservationId: no reservation " + reservationId + " on this connexion";
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.reservationNotFound(this);
        }
    }

    /** The reservation exists but cannot be settled by this usage. */
    record ReservationRefused(ReservationId reservationId, ReservationProblem problem) implements ApplicationError {
        public ReservationRefused {
            Objects.requireNonNull(reservationId, "reservationId");
            Objects.requireNonNull(problem, "problem");
        }

        @Override
        public String message() {
            return problem.field() + ": " + problem.message();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.reservationRefused(this);
        }
    }

    /** An input field names something that does not exist or cannot be used (an unknown organisation…). */
    record InvalidReference(String field, String message) implements ApplicationError {
        public InvalidReference {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.invalidReference(this);
        }
    }

    /** The caller is known but not allowed to do this (e.g. set a price without being a PRESENCA admin). */
    record Forbidden(String message) implements ApplicationError {
        public Forbidden {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.forbidden(this);
        }
    }

    /**
     * Someone else changed the same thing first (reload and retry), or the write would rewrite what must not change
     * (a price version already in effect, an idempotency key already used).
     */
    record Conflict(String message) implements ApplicationError {
        public Conflict {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.conflict(this);
        }
    }
}
