package fr.presenca.connexion.domain.policy;

import fr.presenca.connexion.domain.DomainError.InvalidFields;
import fr.presenca.connexion.domain.connexion.Admitted;
import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.ConnexionAttribute;
import fr.presenca.connexion.domain.connexion.ConnexionEvent;
import fr.presenca.connexion.domain.connexion.ConnexionStatus;
import fr.presenca.connexion.domain.connexion.Exhaustion;
import fr.presenca.connexion.domain.connexion.ModelName;
import fr.presenca.connexion.domain.cost.ModelPrice;
import fr.presenca.connexion.domain.cost.Usd;
import io.vavr.control.Either;
import io.vavr.control.Option;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static fr.presenca.connexion.domain.connexion.ConnexionStatus.ACTIVE;
import static fr.presenca.connexion.domain.connexion.ConnexionStatus.QUOTA_EXCEEDED;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.ID;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.NEXT_MIDNIGHT;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.NOW;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.PARIS;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.aConnexion;
import static fr.presenca.connexion.domain.fixture.RequestBuilder.aRequest;
import static fr.presenca.connexion.domain.fixture.Results.left;
import static fr.presenca.connexion.domain.fixture.Results.right;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Admitting a request")
class AdmitTest {

    static final AdmissionPolicy BUILT_IN = AdmissionPolicies.builtIn();
    /** A misconfigured composition that lets everything through. */
    static final AdmissionPolicy ANYTHING_GOES = (connexion, request) -> AdmissionPolicy.allow();

    @Nested
    @DisplayName("when allowed")
    class Allowed {

        @Test
        @DisplayName("counts one request and stamps the change")
        void countsOne() {
            Admitted admitted = right(aConnexion().dailyLimit(10).usage(4).build().admit(aRequest().build(), BUILT_IN));
            assertThat(admitted.connexion().dailyQuota().usage()).isEqualTo(5);
            assertThat(admitted.remainingRequests()).contains(5);
            assertThat(admitted.connexion().status()).isEqualTo(ACTIVE);
            assertThat(admitted.event()).isEmpty();
            assertThat(admitted.change().changed()).containsExactly(ConnexionAttribute.DAILY_USAGE);
        }

        @Test
        @DisplayName("holds the estimated cost of input and maximum output tokens, without adding it to the month")
        void hold() {
            Admitted admitted = right(aConnexion().monthlyLimit("10").spent("2").build()
                    .admit(aRequest().priced("2.50", "10").tokens(1000, 500).held("1").build(), BUILT_IN));
            assertThat(admitted.hold()).isEqualTo(Usd.of("0.0075"));
            assertThat(admitted.connexion().monthlyBudget().spent()).isEqualTo(Usd.of("2"));
            assertThat(admitted.remainingBudget()).contains(Usd.of("6.9925"));
        }

        @Test
        @DisplayName("holds nothing without an estimate, or without a price when the budget is unlimited")
        void zeroHold() {
            Connexion connexion = aConnexion().build();
            assertThat(right(connexion.admit(aRequest().priced("2.5", "10").build(), BUILT_IN)).hold()).isEqualTo(Usd.ZERO);
            assertThat(right(connexion.admit(aRequest().tokens(1000, 1000).build(), BUILT_IN)).hold()).isEqualTo(Usd.ZERO);
            assertThat(right(connexion.admit(aRequest().build(), BUILT_IN)).remainingBudget()).isEmpty();
        }

        @Test
        @DisplayName("the last request of the day makes the connexion QUOTA_EXCEEDED")
        void lastRequest() {
            Admitted admitted = right(aConnexion().dailyLimit(3).usage(2).build().admit(aRequest().build(), BUILT_IN));
            assertThat(admitted.connexion().dailyQuota().usage()).isEqualTo(3);
            assertThat(admitted.connexion().status()).isEqualTo(QUOTA_EXCEEDED);
            assertThat(admitted.remainingRequests()).contains(0);
            assertThat(admitted.event()).contains(new ConnexionEvent.QuotaExceeded(ID, NOW, Exhaustion.DAILY_QUOTA));
        }

        @Test
        @DisplayName("after midnight yesterday's exhausted quota is reset first, then the request is counted")
        void lazyReset() {
            Connexion connexion = aConnexion().status(QUOTA_EXCEEDED).dailyLimit(3).usage(3).build();
            Admitted admitted = right(connexion.admit(aRequest().at(NEXT_MIDNIGHT.plusSeconds(1)).build(), BUILT_IN));
            assertThat(admitted.connexion().dailyQuota().usage()).isEqualTo(1);
            assertThat(admitted.connexion().status()).isEqualTo(ACTIVE);
            assertThat(admitted.event()).contains(new ConnexionEvent.QuotaRestored(ID, NEXT_MIDNIGHT.plusSeconds(1)));
        }

        @Test
        @DisplayName("the first request of a day with a limit of 1 is allowed and exhausts it again")
        void restoredThenExhausted() {
            Connexion connexion = aConnexion().status(QUOTA_EXCEEDED).dailyLimit(1).usage(1).build();
            Admitted admitted = right(connexion.admit(aRequest().at(NEXT_MIDNIGHT).build(), BUILT_IN));
            assertThat(admitted.connexion().status()).isEqualTo(QUOTA_EXCEEDED);
            // QUOTA_EXCEEDED yesterday and today: no net status change to report.
            assertThat(admitted.event()).isEmpty();
        }
    }

    @Nested
    @DisplayName("when denied")
    class Denied {

        @Test
        @DisplayName("a connexion over its daily quota denies the next request")
        void overQuota() {
            Connexion connexion = aConnexion().status(QUOTA_EXCEEDED).dailyLimit(3).usage(3).build();
            assertThat(left(connexion.admit(aRequest().build(), BUILT_IN)).reason()).isEqualTo(DenialReason.DAILY_QUOTA_EXCEEDED);
        }

        @Test
        @DisplayName("on 2026-10-25 a quota used up in the morning denies until 23:00 UTC and admits from then")
        void fallBackDay() {
            Instant morning = Instant.parse("2026-10-25T06:00:00Z");
            Connexion connexion = aConnexion().status(QUOTA_EXCEEDED).dailyLimit(1).usage(1).periodOf(morning).build();
            assertThat(connexion.admit(aRequest().at(Instant.parse("2026-10-25T22:30:00Z")).build(), BUILT_IN).isLeft()).isTrue();
            assertThat(connexion.admit(aRequest().at(Instant.parse("2026-10-25T23:00:00Z")).build(), BUILT_IN).isRight()).isTrue();
        }

        @Test
        @DisplayName("even a composition that allows everything cannot take usage over the limit")
        void invariantsRechecked() {
            Connexion connexion = aConnexion().dailyLimit(3).usage(3).build();
            assertThat(left(connexion.admit(aRequest().build(), ANYTHING_GOES)).reason())
                    .isEqualTo(DenialReason.DAILY_QUOTA_EXCEEDED);
        }

        @Test
        @DisplayName("even a composition that allows everything cannot hold more than the budget has left")
        void budgetRechecked() {
            Connexion connexion = aConnexion().monthlyLimit("1").spent("0.95").build();
            assertThat(left(connexion.admit(aRequest().priced("30", "60").tokens(1000, 1000).build(), ANYTHING_GOES))
                    .reason()).isEqualTo(DenialReason.MONTHLY_BUDGET_EXCEEDED);
        }

        @Test
        @DisplayName("even a composition that allows everything cannot serve an inactive connexion")
        void statusRechecked() {
            Connexion connexion = aConnexion().status(ConnexionStatus.INACTIVE).build();
            assertThat(left(connexion.admit(aRequest().build(), ANYTHING_GOES)).reason())
                    .isEqualTo(DenialReason.CONNEXION_INACTIVE);
        }

        @Test
        @DisplayName("a denial leaves the connexion as it was")
        void unchanged() {
            Connexion connexion = aConnexion().dailyLimit(3).usage(3).build();
            Either<Denial, Admitted> result = connexion.admit(aRequest().build(), BUILT_IN);
            assertThat(result.isLeft()).isTrue();
            assertThat(connexion.dailyQuota().usage()).isEqualTo(3);
        }
    }

    @Nested
    @DisplayName("the request")
    class Request {

        @Test
        @DisplayName("negative token counts are rejected on their fields")
        void negativeTokens() {
            assertThat(((InvalidFields) left(AdmissionRequest.of(new ModelName("gpt-4"), Option.some(-1), Option.some(-2),
                    NOW, Option.none(), Usd.ZERO, PARIS))).fields())
                    .containsExactly("estimatedInputTokens", "maxOutputTokens");
        }

        @Test
        @DisplayName("a price for another model is a bug")
        void otherModelsPrice() {
            ModelPrice price = new ModelPrice(new ModelName("gpt-4o"), BigDecimal.ONE, BigDecimal.ONE);
            assertThatThrownBy(() -> new AdmissionRequest(new ModelName("gpt-4"), Option.none(), Option.none(), NOW,
                    Option.some(price), Usd.ZERO, PARIS)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("a missing token count is taken as 0 when the other is given")
        void partialEstimate() {
            AdmissionRequest request = right(AdmissionRequest.of(new ModelName("gpt-4"), Option.none(), Option.some(1000),
                    NOW, Option.some(new ModelPrice(new ModelName("gpt-4"), new BigDecimal("30"), new BigDecimal("60"))),
                    Usd.ZERO, PARIS));
            assertThat(request.estimatedHold()).isEqualTo(Usd.of("0.06"));
        }
    }
}
