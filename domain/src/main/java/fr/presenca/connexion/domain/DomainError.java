package fr.presenca.connexion.domain;

import fr.presenca.connexion.domain.connexion.ConnexionStatus;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;

import java.util.Objects;

/**
 * Every expected failure of the domain, as a value. Adapters map them to the API's error codes
 * (InvalidField/InvalidFields → BAD_REQUEST, IllegalTransition/InconsistentState → CONFLICT).
 * Messages are safe to show: they never echo an API key.
 */
public sealed interface DomainError
        permits DomainError.InvalidField, DomainError.InvalidFields,
                DomainError.IllegalTransition, DomainError.InconsistentState {

    String message();

    /**
     * Several field errors as one: the single {@link InvalidField} itself when there is one,
     * {@link InvalidFields} otherwise, flattening nested InvalidFields. Any other kind of error
     * wins over field errors, since it is not about the input.
     */
    static Option<DomainError> combine(Iterable<? extends DomainError> errors) {
        List<DomainError> all = List.ofAll(errors);
        Option<DomainError> other = all.find(e -> !(e instanceof InvalidField) && !(e instanceof InvalidFields));
        if (other.isDefined()) {
            return other;
        }
        List<InvalidField> fields = all.flatMap(e -> e instanceof InvalidFields
                ? ((InvalidFields) e).errors()
                : List.of((InvalidField) e));
        return fields.isEmpty() ? Option.none()
                : Option.some(fields.size() == 1 ? fields.head() : new InvalidFields(fields));
    }

    /** The errors of the failed results among {@code results}, combined; None when all succeeded. */
    @SafeVarargs
    static Option<DomainError> problemsOf(Either<? extends DomainError, ?>... results) {
        return combine(List.of(results).filter(Either::isLeft).map(Either::getLeft));
    }

    /**
     * One field rejected; {@code field} is the GraphQL input field name (camelCase). Build it with
     * {@link #of} so that the message names the field, as the API contract asks.
     */
    record InvalidField(String field, String message) implements DomainError {
        public InvalidField {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(message, "message");
        }

        public static InvalidField of(String field, String reason) {
            return new InvalidField(field, field + ": " + reason);
        }
    }

    /** Several fields rejected at once, so a form can show every problem in one round trip. */
    record InvalidFields(List<InvalidField> errors) implements DomainError {
        public InvalidFields {
            Objects.requireNonNull(errors, "errors");
            if (errors.isEmpty()) {
                throw new IllegalArgumentException("InvalidFields needs at least one error");
            }
        }

        public List<String> fields() {
            return errors.map(InvalidField::field);
        }

        @Override
        public String message() {
            return errors.map(InvalidField::message).mkString("; ");
        }
    }

    /** A lifecycle command that the transition table forbids from the current status. */
    record IllegalTransition(ConnexionStatus from, String command) implements DomainError {
        public IllegalTransition {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(command, "command");
        }

        @Override
        public String message() {
            return "cannot " + command + " a connexion whose status is " + from.code();
        }
    }

    /** Stored state breaking a cross-field invariant (e.g. active=false with status active). */
    record InconsistentState(String invariant) implements DomainError {
        public InconsistentState {
            Objects.requireNonNull(invariant, "invariant");
        }

        @Override
        public String message() {
            return "inconsistent connexion state: " + invariant;
        }
    }
}
