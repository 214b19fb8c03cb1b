package fr.presenca.connexion.domain.connexion;

import fr.presenca.connexion.domain.DomainError.InvalidField;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static fr.presenca.connexion.domain.fixture.Results.left;
import static fr.presenca.connexion.domain.fixture.Results.right;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("OpenAI account values")
class OpenAiAccountValuesTest {

    @Nested
    @DisplayName("an account e-mail")
    class Email {

        @ParameterizedTest(name = "\"{0}\" is accepted")
        @ValueSource(strings = {"ops@presenca.fr", "first.last+ai@agence-dupont.immo", "a@b.co"})
        void accepted(String raw) {
            assertThat(right(EmailAddress.of(raw)).value()).isEqualTo(raw);
        }

        @ParameterizedTest(name = "\"{0}\" is rejected")
        @ValueSource(strings = {"", " ", "ops", "ops@", "@presenca.fr", "ops@presenca", "ops@@presenca.fr",
                "o ps@presenca.fr", "ops@presenca..fr", ".ops@presenca.fr", "ops.@presenca.fr", "ops@-presenca.fr"})
        @DisplayName("a malformed address is rejected on field accountEmail")
        void rejected(String raw) {
            assertThat(left(EmailAddress.of(raw)))
                    .isInstanceOfSatisfying(InvalidField.class, e -> assertThat(e.field()).isEqualTo("accountEmail"));
        }

        @Test
        @DisplayName("surrounding spaces are trimmed by of()")
        void trimmed() {
            assertThat(right(EmailAddress.of("  ops@presenca.fr ")).value()).isEqualTo("ops@presenca.fr");
        }

        @Test
        @DisplayName("an address longer than 254 characters or with a local part over 64 is rejected")
        void tooLong() {
            assertThat(EmailAddress.of("a".repeat(65) + "@presenca.fr").isLeft()).isTrue();
            assertThat(EmailAddress.of("a".repeat(64) + "@presenca.fr").isRight()).isTrue();
            String host = "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(63) + "." + "e".repeat(50);
            assertThat(EmailAddress.of("a@" + host + ".fr").isRight()).isTrue(); // 247 characters
            assertThat(EmailAddress.of("a@" + host + "e".repeat(13) + ".fr").isLeft()).isTrue(); // 260 characters
        }

        @Test
        @DisplayName("the constructor refuses what of() refuses, so no invalid instance exists")
        void constructorValidates() {
            assertThatThrownBy(() -> new EmailAddress("not-an-email")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new EmailAddress(" ops@presenca.fr")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @DisplayName("an OpenAI organisation id")
    class OrganisationIds {

        @Test
        @DisplayName("'org-' followed by letters and digits is accepted")
        void accepted() {
            assertThat(right(OpenAiOrganisationId.of("org-AbC123xyz")).value()).isEqualTo("org-AbC123xyz");
        }

        @ParameterizedTest(name = "\"{0}\" is rejected")
        @ValueSource(strings = {"", "org-", "org_abc", "ORG-abc", "org-ab c", "org-ab-c", "proj_abc", "abc"})
        @DisplayName("anything else is rejected on field openaiOrganisationId")
        void rejected(String raw) {
            assertThat(left(OpenAiOrganisationId.of(raw)))
                    .isInstanceOfSatisfying(InvalidField.class, e -> assertThat(e.field()).isEqualTo("openaiOrganisationId"));
        }

        @Test
        @DisplayName("the constructor validates too")
        void constructorValidates() {
            assertThatThrownBy(() -> new OpenAiOrganisationId("org_x")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new OpenAiOrganisationId(null)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @DisplayName("an OpenAI project id")
    class ProjectIds {

        @Test
        @DisplayName("'proj_' followed by letters and digits is accepted")
        void accepted() {
            assertThat(right(OpenAiProjectId.of(" proj_Zx81kQ ")).value()).isEqualTo("proj_Zx81kQ");
        }

        @ParameterizedTest(name = "\"{0}\" is rejected")
        @ValueSource(strings = {"", "proj_", "proj-abc", "PROJ_abc", "proj_ab_c", "org-abc"})
        @DisplayName("anything else is rejected on field openaiProjectId")
        void rejected(String raw) {
            assertThat(left(OpenAiProjectId.of(raw)))
                    .isInstanceOfSatisfying(InvalidField.class, e -> assertThat(e.field()).isEqualTo("openaiProjectId"));
        }

        @Test
        @DisplayName("the constructor validates too")
        void constructorValidates() {
            assertThatThrownBy(() -> new OpenAiProjectId("proj-x")).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
