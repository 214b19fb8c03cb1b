package fr.presenca.connexion.application.error;

import java.util.Objects;

import fr.presenca.connexion.domain.DomainError;

/**
 * Every expected way a use case can refuse, as a value. The inbound adapter maps each kind to the API's
 * error code in one place. Messages are written for the caller and never carry secrets.
 */
public sealed interface ApplicationError {

    String message();

    /** The domain refused the change: invalid input, or a transition its state does not allow. */
    record Rejected(DomainError error) implements ApplicationError {
        public Rejected {
            Objects.requireNonNull(error, "error");
        }

        @Override
        public String message() {
            return error.message();
        }
    }

    /** The thing does not exist, or the caller may not see it (the two are indistinguishable on purpose). */
    record NotFound(String message) implements ApplicationError {
    }

    /** The caller is known but not allowed to do this. */
    record Forbidden(String message) implements ApplicationError {
    }

    /** Someone else changed the same thing first; reload and retry. */
    record Conflict(String message) implements ApplicationError {
    }

    /** An input field names something that does not exist or cannot be used (an unknown organisation…). */
    record InvalidReference(String field, String message) implements ApplicationError {
    }
}
