package fr.presenca.connexion.domain.connexion;

import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.DomainError.InvalidField;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static fr.presenca.connexion.domain.fixture.Results.left;
import static fr.presenca.connexion.domain.fixture.Results.right;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("An API key")
class ApiKeyTest {

    static final String SECRET = "sk-proj-9fK2mQx7LwT4vRb8nZc1Ab12";

    @Nested
    @DisplayName("validation")
    class Validation {

        @ParameterizedTest(name = "\"{0}\" is rejected")
        @ValueSource(strings = {"", "   ", "sk-abc de12345", "sk-abc\tde12345", "short12"})
        @DisplayName("a blank, spaced or too short key is rejected on field apiKey")
        void rejected(String raw) {
            DomainError error = left(ApiKey.of(raw));
            assertThat(error).isInstanceOfSatisfying(InvalidField.class, f -> assertThat(f.field()).isEqualTo("apiKey"));
        }

        @Test
        @DisplayName("a null key is rejected")
        void nullRejected() {
            assertThat(ApiKey.of(null).isLeft()).isTrue();
        }

        @Test
        @DisplayName("8 and 512 characters are the accepted bounds")
        void bounds() {
            assertThat(ApiKey.of("a".repeat(8)).isRight()).isTrue();
            assertThat(ApiKey.of("a".repeat(512)).isRight()).isTrue();
            assertThat(ApiKey.of("a".repeat(7)).isLeft()).isTrue();
            assertThat(ApiKey.of("a".repeat(513)).isLeft()).isTrue();
        }

        @Test
        @DisplayName("the error message never repeats the rejected input")
        void messageDoesNotEchoInput() {
            String almostKey = "sk-proj-secret value";
            assertThat(left(ApiKey.of(almostKey)).message()).doesNotContain("secret");
        }
    }

    @Nested
    @DisplayName("secrecy")
    class Secrecy {

        @Test
        @DisplayName("reveal gives the key back exactly")
        void reveal() {
            assertThat(right(ApiKey.of(SECRET)).reveal()).isEqualTo(SECRET);
        }

        @Test
        @DisplayName("toString never shows the key")
        void toStringHidesKey() {
            ApiKey key = right(ApiKey.of(SECRET));
            assertThat(key.toString()).doesNotContain(SECRET).doesNotContain("9fK2mQx7");
        }

        @Test
        @DisplayName("the hint of an OpenAI-style key is its 'sk-' prefix and last 4 characters")
        void hint() {
            assertThat(right(ApiKey.of(SECRET)).hint()).isEqualTo("sk-…Ab12");
        }

        @Test
        @DisplayName("the hint of a key without a short prefix shows only the last 4 characters")
        void hintWithoutPrefix() {
            assertThat(right(ApiKey.of("abcdefghijklmnop7890")).hint()).isEqualTo("…7890");
            assertThat(right(ApiKey.of("project-abcdefghijklmnop7890")).hint()).isEqualTo("…7890");
        }

        @Test
        @DisplayName("the hint of a short key shows at most a quarter of it")
        void hintOfShortKey() {
            assertThat(right(ApiKey.of("sk-abcdefgh")).hint()).isEqualTo("…gh");
            assertThat(right(ApiKey.of("abcdefgh")).hint()).isEqualTo("…gh");
        }

        @Test
        @DisplayName("redacting replaces every occurrence of the key by its hint")
        void redact() {
            ApiKey key = right(ApiKey.of(SECRET));
            assertThat(key.redact("Incorrect API key provided: " + SECRET + " (" + SECRET + ")"))
                    .isEqualTo("Incorrect API key provided: sk-…Ab12 (sk-…Ab12)");
        }
    }

    @Test
    @DisplayName("two keys are equal exactly when their secrets are")
    void equality() {
        assertThat(right(ApiKey.of(SECRET))).isEqualTo(right(ApiKey.of(SECRET)))
                .hasSameHashCodeAs(right(ApiKey.of(SECRET)))
                .isNotEqualTo(right(ApiKey.of(SECRET + "x")));
    }

    @Nested
    @DisplayName("deferred (a stored key opened on first use)")
    class Deferred {

        @Test
        @DisplayName("is not opened until its secret, hint or equality with another key is needed, then once")
        void openedOnFirstUse() {
            java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();
            ApiKey key = ApiKey.deferred(() -> {
                opened.incrementAndGet();
                return right(ApiKey.of(SECRET));
            });
            assertThat(key).isEqualTo(key);
            assertThat(io.vavr.control.Option.some(key)).isEqualTo(io.vavr.control.Option.some(key));
            assertThat(opened).hasValue(0);

            assertThat(key.hint()).isEqualTo(right(ApiKey.of(SECRET)).hint());
            assertThat(key.reveal()).isEqualTo(SECRET);
            assertThat(key).isEqualTo(right(ApiKey.of(SECRET)));
            assertThat(opened).hasValue(1);
        }

        @Test
        @DisplayName("whose stored form cannot be opened fails when it is used, and again on the next use")
        void failingOpener() {
            ApiKey key = ApiKey.deferred(() -> {
                throw new IllegalStateException("cannot open");
            });
            org.assertj.core.api.Assertions.assertThatThrownBy(key::reveal).hasMessage("cannot open");
            org.assertj.core.api.Assertions.assertThatThrownBy(key::hint).hasMessage("cannot open");
        }
    }
}
