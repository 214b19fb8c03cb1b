package fr.presenca.connexion.domain.connexion;

import fr.presenca.connexion.domain.DomainError.InvalidField;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static fr.presenca.connexion.domain.fixture.Results.left;
import static fr.presenca.connexion.domain.fixture.Results.right;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Models")
class ModelsTest {

    @Nested
    @DisplayName("a model name")
    class Names {

        @Test
        @DisplayName("is trimmed by of()")
        void trimmed() {
            assertThat(right(ModelName.of("  gpt-4o-mini ")).value()).isEqualTo("gpt-4o-mini");
        }

        @Test
        @DisplayName("a blank name is rejected on field model")
        void blank() {
            assertThat(left(ModelName.of("  "))).isInstanceOfSatisfying(InvalidField.class,
                    e -> assertThat(e.field()).isEqualTo("model"));
            assertThat(ModelName.of(null).isLeft()).isTrue();
        }

        @Test
        @DisplayName("100 characters are accepted, 101 are not")
        void length() {
            assertThat(ModelName.of("m".repeat(100)).isRight()).isTrue();
            assertThat(ModelName.of("m".repeat(101)).isLeft()).isTrue();
        }

        @Test
        @DisplayName("the constructor refuses untrimmed or control characters")
        void constructorValidates() {
            assertThatThrownBy(() -> new ModelName(" gpt-4")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new ModelName("gpt\n4")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @DisplayName("an allow-list")
    class AllowList {

        @Test
        @DisplayName("the seed default allows gpt-3.5-turbo and gpt-4, in that order")
        void seedDefault() {
            assertThat(AllowedModels.seedDefault().names()).containsExactly("gpt-3.5-turbo", "gpt-4");
            assertThat(AllowedModels.seedDefault().allows(new ModelName("gpt-4"))).isTrue();
            assertThat(AllowedModels.seedDefault().allows(new ModelName("gpt-4o"))).isFalse();
        }

        @Test
        @DisplayName("keeps the names in the order given, trimmed")
        void order() {
            assertThat(right(AllowedModels.of(List.of("gpt-4o", " o3-mini", "gpt-4"))).names())
                    .containsExactly("gpt-4o", "o3-mini", "gpt-4");
        }

        @Test
        @DisplayName("rejects a duplicate, even one differing only by spaces, on field allowedModels")
        void duplicates() {
            InvalidField error = (InvalidField) left(AllowedModels.of(List.of("gpt-4", "gpt-4o", " gpt-4")));
            assertThat(error.field()).isEqualTo("allowedModels");
            assertThat(error.message()).contains("gpt-4");
        }

        @Test
        @DisplayName("compares names exactly: GPT-4 and gpt-4 are two models")
        void caseSensitive() {
            AllowedModels models = right(AllowedModels.of(List.of("gpt-4", "GPT-4")));
            assertThat(models.names()).hasSize(2);
            assertThat(models.allows(new ModelName("Gpt-4"))).isFalse();
        }

        @Test
        @DisplayName("rejects a blank or null name on field allowedModels")
        void blank() {
            assertThat(left(AllowedModels.of(List.of("gpt-4", " ")))).isInstanceOfSatisfying(InvalidField.class,
                    e -> assertThat(e.field()).isEqualTo("allowedModels"));
            assertThat(AllowedModels.of(Arrays.asList("gpt-4", null)).isLeft()).isTrue();
            assertThat(AllowedModels.of(null).isLeft()).isTrue();
        }

        @Test
        @DisplayName("adopting a stored list drops duplicates, keeping the first occurrence")
        void distinct() {
            assertThat(right(AllowedModels.ofDistinct(List.of("gpt-4", "gpt-4o", "gpt-4"))).names())
                    .containsExactly("gpt-4", "gpt-4o");
        }

        @Test
        @DisplayName("an empty list is valid and allows nothing")
        void empty() {
            AllowedModels none = right(AllowedModels.of(List.of()));
            assertThat(none.isEmpty()).isTrue();
            assertThat(none.allows(new ModelName("gpt-4"))).isFalse();
            assertThat(none).isEqualTo(AllowedModels.none());
        }

        @Test
        @DisplayName("the names cannot be modified from outside")
        void unmodifiable() {
            assertThatThrownBy(() -> AllowedModels.seedDefault().names().add("gpt-4o"))
                    .isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        @DisplayName("two lists are equal when they hold the same names in the same order")
        void equality() {
            assertThat(right(AllowedModels.of(List.of("gpt-3.5-turbo", "gpt-4")))).isEqualTo(AllowedModels.seedDefault())
                    .hasSameHashCodeAs(AllowedModels.seedDefault());
            assertThat(right(AllowedModels.of(List.of("gpt-4", "gpt-3.5-turbo")))).isNotEqualTo(AllowedModels.seedDefault());
        }
    }

    @Nested
    @DisplayName("opaque JSON values")
    class Json {

        @Test
        @DisplayName("the empty object is the seed default and looks like an object")
        void emptyObject() {
            assertThat(JsonDocument.emptyObject().json()).isEqualTo("{}");
            assertThat(JsonDocument.emptyObject().looksLikeObject()).isTrue();
        }

        @Test
        @DisplayName("an array or a scalar does not look like an object")
        void notObject() {
            assertThat(new JsonDocument("[1]").looksLikeObject()).isFalse();
            assertThat(new JsonDocument("42").looksLikeObject()).isFalse();
        }

        @Test
        @DisplayName("null text is refused")
        void nullRefused() {
            assertThatThrownBy(() -> new JsonDocument(null)).isInstanceOf(NullPointerException.class);
        }
    }
}
