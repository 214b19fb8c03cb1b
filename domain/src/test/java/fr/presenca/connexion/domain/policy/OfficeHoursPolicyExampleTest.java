package fr.presenca.connexion.domain.policy;

import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.ModelName;
import io.vavr.control.Either;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;

import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.aConnexion;
import static fr.presenca.connexion.domain.fixture.RequestBuilder.aRequest;
import static fr.presenca.connexion.domain.fixture.Results.left;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worked example of domain/README.md: adding a rule is one class implementing
 * {@link AdmissionPolicy} plus its registration in the ordered composition.
 */
@DisplayName("A custom policy: gpt-4 only during office hours")
class OfficeHoursPolicyExampleTest {

    /** Denies an expensive model outside Monday–Friday 09:00–18:00 in the connexion's reset zone. */
    static final class OfficeHoursPolicy implements AdmissionPolicy {

        private final ModelName restricted;
        private final LocalTime opens;
        private final LocalTime closes;

        OfficeHoursPolicy(ModelName restricted, LocalTime opens, LocalTime closes) {
            this.restricted = restricted;
            this.opens = opens;
            this.closes = closes;
        }

        @Override
        public Either<Denial, Admission> evaluate(Connexion connexion, AdmissionRequest request) {
            if (!request.model().equals(restricted)) {
                return AdmissionPolicy.allow();
            }
            // The request carries its instant and zone: no clock here, so the rule is testable.
            ZonedDateTime local = request.at().atZone(request.zone());
            boolean weekday = local.getDayOfWeek() != DayOfWeek.SATURDAY && local.getDayOfWeek() != DayOfWeek.SUNDAY;
            boolean open = !local.toLocalTime().isBefore(opens) && local.toLocalTime().isBefore(closes);
            return weekday && open
                    ? AdmissionPolicy.allow()
                    : AdmissionPolicy.deny(DenialReason.MODEL_NOT_ALLOWED,
                    restricted.value() + " is only available on weekdays from " + opens + " to " + closes);
        }
    }

    // The registration: the built-in chain, then the new rule.
    static final AdmissionPolicy POLICIES = AdmissionPolicies.builtInThen(List.of(
            new OfficeHoursPolicy(new ModelName("gpt-4"), LocalTime.of(9, 0), LocalTime.of(18, 0))));

    static final Instant THURSDAY_NOON = Instant.parse("2026-01-15T11:00:00Z");
    static final Instant THURSDAY_EVENING = Instant.parse("2026-01-15T17:00:00Z"); // 18:00 in Paris
    static final Instant SATURDAY_NOON = Instant.parse("2026-01-17T11:00:00Z");

    @Nested
    @DisplayName("registered after the built-ins")
    class Registered {

        @Test
        @DisplayName("gpt-4 is admitted on a weekday at noon")
        void officeHours() {
            assertThat(aConnexion().build().admit(aRequest().model("gpt-4").at(THURSDAY_NOON).build(), POLICIES).isRight())
                    .isTrue();
        }

        @Test
        @DisplayName("gpt-4 is denied from 18:00 Paris time, as a model not allowed")
        void evening() {
            Denial denial = left(aConnexion().build().admit(aRequest().model("gpt-4").at(THURSDAY_EVENING).build(), POLICIES));
            assertThat(denial.reason()).isEqualTo(DenialReason.MODEL_NOT_ALLOWED);
            assertThat(denial.detail()).contains("09:00 to 18:00");
        }

        @Test
        @DisplayName("gpt-4 is denied on Saturday")
        void weekend() {
            assertThat(aConnexion().build().admit(aRequest().model("gpt-4").at(SATURDAY_NOON).build(), POLICIES).isLeft())
                    .isTrue();
        }

        @Test
        @DisplayName("other models are not concerned")
        void otherModels() {
            assertThat(aConnexion().build().admit(aRequest().model("gpt-3.5-turbo").at(SATURDAY_NOON).build(), POLICIES)
                    .isRight()).isTrue();
        }

        @Test
        @DisplayName("a built-in denial comes first: an inactive connexion is reported inactive")
        void builtInsFirst() {
            Connexion inactive = aConnexion().status(fr.presenca.connexion.domain.connexion.ConnexionStatus.INACTIVE).build();
            assertThat(left(inactive.admit(aRequest().model("gpt-4").at(SATURDAY_NOON).build(), POLICIES)).reason())
                    .isEqualTo(DenialReason.CONNEXION_INACTIVE);
        }
    }
}
