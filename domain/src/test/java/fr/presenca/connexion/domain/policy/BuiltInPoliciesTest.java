package fr.presenca.connexion.domain.policy;

import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.ConnexionStatus;
import io.vavr.control.Either;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.NEXT_MIDNIGHT;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.NEXT_MONTH;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.aConnexion;
import static fr.presenca.connexion.domain.fixture.RequestBuilder.aRequest;
import static fr.presenca.connexion.domain.fixture.Results.left;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Built-in admission policies")
class BuiltInPoliciesTest {

    static DenialReason reason(Either<Denial, Admission> result) {
        return left(result).reason();
    }

    @Nested
    @DisplayName("status")
    class Status {

        final StatusPolicy policy = new StatusPolicy();

        @ParameterizedTest(name = "a connexion {0} is denied with {1}")
        @CsvSource({"INACTIVE, CONNEXION_INACTIVE", "ERROR, CONNEXION_ERROR", "EXPIRED, CONNEXION_EXPIRED"})
        void denied(ConnexionStatus status, DenialReason expected) {
            assertThat(reason(policy.evaluate(aConnexion().status(status).build(), aRequest().build()))).isEqualTo(expected);
        }

        @Test
        @DisplayName("an active connexion passes, and so does one over quota: the quota policies give the reason")
        void serving() {
            assertThat(policy.evaluate(aConnexion().build(), aRequest().build()).isRight()).isTrue();
            assertThat(policy.evaluate(aConnexion().status(ConnexionStatus.QUOTA_EXCEEDED).build(), aRequest().build())
                    .isRight()).isTrue();
        }

        @Test
        @DisplayName("a connexion in error explains itself with its last error")
        void errorDetail() {
            Connexion failing = aConnexion().status(ConnexionStatus.ERROR).lastError("429 rate limited").build();
            assertThat(left(policy.evaluate(failing, aRequest().build())).detail()).contains("429 rate limited");
        }
    }

    @Nested
    @DisplayName("model allow-list")
    class AllowList {

        final AllowedModelPolicy policy = new AllowedModelPolicy();

        @Test
        @DisplayName("a model of the list passes")
        void allowed() {
            assertThat(policy.evaluate(aConnexion().build(), aRequest().model("gpt-3.5-turbo").build()).isRight()).isTrue();
        }

        @Test
        @DisplayName("a model outside the list is denied with MODEL_NOT_ALLOWED")
        void notAllowed() {
            assertThat(reason(policy.evaluate(aConnexion().build(), aRequest().model("gpt-4o").build())))
                    .isEqualTo(DenialReason.MODEL_NOT_ALLOWED);
        }

        @Test
        @DisplayName("an empty list allows nothing")
        void empty() {
            assertThat(reason(policy.evaluate(aConnexion().allowedModels().build(), aRequest().build())))
                    .isEqualTo(DenialReason.MODEL_NOT_ALLOWED);
        }
    }

    @Nested
    @DisplayName("model priced")
    class Priced {

        final PricedModelPolicy policy = new PricedModelPolicy();

        @Test
        @DisplayName("an unpriced model is denied with MODEL_NOT_PRICED when the connexion has a budget")
        void unpricedWithBudget() {
            assertThat(reason(policy.evaluate(aConnexion().monthlyLimit("10").build(), aRequest().build())))
                    .isEqualTo(DenialReason.MODEL_NOT_PRICED);
        }

        @Test
        @DisplayName("an unpriced model passes when the budget is unlimited")
        void unpricedWithoutBudget() {
            assertThat(policy.evaluate(aConnexion().build(), aRequest().build()).isRight()).isTrue();
        }

        @Test
        @DisplayName("a priced model passes with a budget")
        void priced() {
            assertThat(policy.evaluate(aConnexion().monthlyLimit("10").build(), aRequest().priced("30", "60").build())
                    .isRight()).isTrue();
        }
    }

    @Nested
    @DisplayName("daily quota")
    class Daily {

        final DailyQuotaPolicy policy = new DailyQuotaPolicy();

        @Test
        @DisplayName("a connexion with requests left passes")
        void requestsLeft() {
            assertThat(policy.evaluate(aConnexion().dailyLimit(10).usage(9).build(), aRequest().build()).isRight()).isTrue();
        }

        @Test
        @DisplayName("a connexion over its daily quota denies the next request")
        void exhausted() {
            Either<Denial, Admission> result = policy.evaluate(aConnexion().dailyLimit(10).usage(10).build(), aRequest().build());
            assertThat(reason(result)).isEqualTo(DenialReason.DAILY_QUOTA_EXCEEDED);
            assertThat(left(result).detail()).contains("10 requests").contains(NEXT_MIDNIGHT.toString());
        }

        @Test
        @DisplayName("a limit of 0 denies every request")
        void zero() {
            assertThat(reason(policy.evaluate(aConnexion().dailyLimit(0).build(), aRequest().build())))
                    .isEqualTo(DenialReason.DAILY_QUOTA_EXCEEDED);
        }

        @Test
        @DisplayName("yesterday's usage does not count after local midnight, even before a refresh")
        void staleUsage() {
            assertThat(policy.evaluate(aConnexion().dailyLimit(10).usage(10).build(), aRequest().at(NEXT_MIDNIGHT).build())
                    .isRight()).isTrue();
        }

        @Test
        @DisplayName("an unlimited connexion always passes")
        void unlimited() {
            assertThat(policy.evaluate(aConnexion().usage(1_000_000).build(), aRequest().build()).isRight()).isTrue();
        }
    }

    @Nested
    @DisplayName("monthly budget")
    class Budget {

        final MonthlyBudgetPolicy policy = new MonthlyBudgetPolicy();

        @Test
        @DisplayName("an estimate that fits what is left passes")
        void fits() {
            // 1000 × 30/1M + 1000 × 60/1M = 0.09
            assertThat(policy.evaluate(aConnexion().monthlyLimit("1").spent("0.5").build(),
                    aRequest().priced("30", "60").tokens(1000, 1000).build()).isRight()).isTrue();
        }

        @Test
        @DisplayName("an estimate equal to exactly what is left passes")
        void exactlyLeft() {
            assertThat(policy.evaluate(aConnexion().monthlyLimit("1").spent("0.91").build(),
                    aRequest().priced("30", "60").tokens(1000, 1000).build()).isRight()).isTrue();
        }

        @Test
        @DisplayName("an estimate 0.0001 over what is left is denied with MONTHLY_BUDGET_EXCEEDED")
        void justOver() {
            Either<Denial, Admission> result = policy.evaluate(aConnexion().monthlyLimit("1").spent("0.9101").build(),
                    aRequest().priced("30", "60").tokens(1000, 1000).build());
            assertThat(reason(result)).isEqualTo(DenialReason.MONTHLY_BUDGET_EXCEEDED);
            assertThat(left(result).detail()).contains("0.0899 USD left").contains("0.0900 USD");
        }

        @Test
        @DisplayName("costs held by open reservations count against the budget")
        void holdsCount() {
            assertThat(reason(policy.evaluate(aConnexion().monthlyLimit("1").spent("0.5").build(),
                    aRequest().priced("30", "60").tokens(1000, 1000).held("0.45").build())))
                    .isEqualTo(DenialReason.MONTHLY_BUDGET_EXCEEDED);
        }

        @Test
        @DisplayName("a couple of tokens of a cheap model still cost 0.0001 and fit exactly in the last 0.0001")
        void tinyRequest() {
            // 1 × 0.15/1M + 1 × 0.60/1M = 0.00000075, rounded up once to 0.0001
            assertThat(policy.evaluate(aConnexion().monthlyLimit("1").spent("0.9999").build(),
                    aRequest().priced("0.15", "0.60").tokens(1, 1).build()).isRight()).isTrue();
            // 1 × 0.15/1M + 200 × 0.60/1M = 0.00012015, rounded up to 0.0002
            assertThat(reason(policy.evaluate(aConnexion().monthlyLimit("1").spent("0.9999").build(),
                    aRequest().priced("0.15", "0.60").tokens(1, 200).build()))).isEqualTo(DenialReason.MONTHLY_BUDGET_EXCEEDED);
        }

        @Test
        @DisplayName("a request without estimate passes while something is left, and is denied once nothing is")
        void noEstimate() {
            assertThat(policy.evaluate(aConnexion().monthlyLimit("1").spent("0.9999").build(),
                    aRequest().priced("30", "60").build()).isRight()).isTrue();
            assertThat(reason(policy.evaluate(aConnexion().monthlyLimit("1").spent("0.5").build(),
                    aRequest().priced("30", "60").held("0.5").build()))).isEqualTo(DenialReason.MONTHLY_BUDGET_EXCEEDED);
        }

        @Test
        @DisplayName("last month's cost does not count on the first of the month, even before a refresh")
        void newMonth() {
            assertThat(policy.evaluate(aConnexion().monthlyLimit("1").spent("1").build(),
                    aRequest().priced("30", "60").at(NEXT_MONTH).build()).isRight()).isTrue();
        }

        @Test
        @DisplayName("an unlimited budget always passes")
        void unlimited() {
            assertThat(policy.evaluate(aConnexion().spent("5000").build(),
                    aRequest().priced("30", "60").tokens(100_000, 100_000).build()).isRight()).isTrue();
        }
    }
}
