package fr.presenca.connexion.domain;

import fr.presenca.connexion.domain.DomainError.IllegalTransition;
import fr.presenca.connexion.domain.DomainError.InvalidField;
import fr.presenca.connexion.domain.DomainError.InvalidFields;
import fr.presenca.connexion.domain.connexion.ConnexionStatus;
import io.vavr.collection.List;
import io.vavr.control.Either;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Domain errors")
class DomainErrorTest {

    @Nested
    @DisplayName("messages")
    class Messages {

        @Test
        @DisplayName("a field error built with of() names the field in its message")
        void fieldErrorNamesField() {
            assertThat(InvalidField.of("accountEmail", "is not a valid e-mail address").message())
                    .isEqualTo("accountEmail: is not a valid e-mail address");
        }

        @Test
        @DisplayName("an illegal transition names the status and the command")
        void illegalTransitionMessage() {
            assertThat(new IllegalTransition(ConnexionStatus.INACTIVE, "deactivate").message())
                    .isEqualTo("cannot deactivate a connexion whose status is inactive");
        }

        @Test
        @DisplayName("several field errors join their messages and list their fields")
        void severalFields() {
            InvalidFields errors = new InvalidFields(List.of(InvalidField.of("a", "x"), InvalidField.of("b", "y")));
            assertThat(errors.message()).isEqualTo("a: x; b: y");
            assertThat(errors.fields()).containsExactly("a", "b");
        }

        @Test
        @DisplayName("an empty list of field errors cannot exist")
        void emptyFieldsRejected() {
            assertThatThrownBy(() -> new InvalidFields(List.empty())).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @DisplayName("combining the results of several validations")
    class Combining {

        @Test
        @DisplayName("all successes give no error")
        void allSuccesses() {
            assertThat(DomainError.problemsOf(Either.right(1), Either.right("x"))).isEmpty();
        }

        @Test
        @DisplayName("one failure gives that field error itself")
        void oneFailure() {
            InvalidField error = InvalidField.of("apiKey", "must not be blank");
            assertThat(DomainError.problemsOf(Either.right(1), Either.left(error))).contains(error);
        }

        @Test
        @DisplayName("several failures give every field error, nested lists flattened")
        void severalFailures() {
            InvalidField a = InvalidField.of("a", "x");
            InvalidField b = InvalidField.of("b", "y");
            InvalidField c = InvalidField.of("c", "z");
            DomainError combined = DomainError.problemsOf(Either.left(a), Either.left(new InvalidFields(List.of(b, c)))).get();
            assertThat(combined).isEqualTo(new InvalidFields(List.of(a, b, c)));
        }

        @Test
        @DisplayName("an error that is not about a field wins over field errors")
        void otherErrorWins() {
            IllegalTransition transition = new IllegalTransition(ConnexionStatus.ACTIVE, "activate");
            assertThat(DomainError.problemsOf(Either.left(InvalidField.of("a", "x")), Either.left(transition)))
                    .contains(transition);
        }
    }
}
