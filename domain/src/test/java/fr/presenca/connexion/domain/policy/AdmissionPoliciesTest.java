package fr.presenca.connexion.domain.policy;

import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.ConnexionStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.aConnexion;
import static fr.presenca.connexion.domain.fixture.RequestBuilder.aRequest;
import static fr.presenca.connexion.domain.fixture.Results.left;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Composing admission policies")
class AdmissionPoliciesTest {

    /** Records that it was asked, then answers as configured. */
    static final class Spy implements AdmissionPolicy {
        final String name;
        final List<String> calls;
        final boolean allow;

        Spy(String name, List<String> calls, boolean allow) {
            this.name = name;
            this.calls = calls;
            this.allow = allow;
        }

        @Override
        public io.vavr.control.Either<Denial, Admission> evaluate(Connexion connexion, AdmissionRequest request) {
            calls.add(name);
            return allow ? AdmissionPolicy.allow() : AdmissionPolicy.deny(DenialReason.MODEL_NOT_ALLOWED, name);
        }
    }

    @Nested
    @DisplayName("an ordered composition")
    class Ordered {

        final List<String> calls = new ArrayList<>();

        @Test
        @DisplayName("asks its policies in order and allows when all allow")
        void allAllow() {
            AdmissionPolicies policies = AdmissionPolicies.of(new Spy("a", calls, true), new Spy("b", calls, true));
            assertThat(policies.evaluate(aConnexion().build(), aRequest().build()).isRight()).isTrue();
            assertThat(calls).containsExactly("a", "b");
        }

        @Test
        @DisplayName("stops at the first denial and reports it")
        void firstDenial() {
            AdmissionPolicies policies = AdmissionPolicies.of(new Spy("a", calls, true), new Spy("b", calls, false),
                    new Spy("c", calls, false));
            assertThat(left(policies.evaluate(aConnexion().build(), aRequest().build())).detail()).isEqualTo("b");
            assertThat(calls).containsExactly("a", "b");
        }

        @Test
        @DisplayName("an empty composition allows")
        void empty() {
            assertThat(AdmissionPolicies.of(List.of()).evaluate(aConnexion().build(), aRequest().build()).isRight()).isTrue();
        }

        @Test
        @DisplayName("nested compositions and andThen chains flatten into one list")
        void flatten() {
            AdmissionPolicy a = new Spy("a", calls, true);
            AdmissionPolicy b = new Spy("b", calls, true);
            AdmissionPolicy c = new Spy("c", calls, true);
            AdmissionPolicies chained = (AdmissionPolicies) a.andThen(b).andThen(c);
            assertThat(chained.policies()).containsExactly(a, b, c);
        }
    }

    @Nested
    @DisplayName("the built-in chain")
    class BuiltIn {

        @Test
        @DisplayName("checks status, allow-list, price, daily quota, then monthly budget")
        void order() {
            assertThat(AdmissionPolicies.builtIn().policies()).extracting(p -> p.getClass().getSimpleName())
                    .containsExactly("StatusPolicy", "AllowedModelPolicy", "PricedModelPolicy", "DailyQuotaPolicy",
                            "MonthlyBudgetPolicy");
        }

        @Test
        @DisplayName("an inactive connexion is reported inactive even when the model is not allowed either")
        void statusFirst() {
            Connexion connexion = aConnexion().status(ConnexionStatus.INACTIVE).dailyLimit(0).build();
            assertThat(left(AdmissionPolicies.builtIn().evaluate(connexion, aRequest().model("davinci").build())).reason())
                    .isEqualTo(DenialReason.CONNEXION_INACTIVE);
        }

        @Test
        @DisplayName("a model not allowed is reported before a missing price or a used-up quota")
        void modelBeforeQuota() {
            Connexion connexion = aConnexion().dailyLimit(0).monthlyLimit("0").build();
            assertThat(left(AdmissionPolicies.builtIn().evaluate(connexion, aRequest().model("davinci").build())).reason())
                    .isEqualTo(DenialReason.MODEL_NOT_ALLOWED);
        }

        @Test
        @DisplayName("a missing price is reported before a used-up quota")
        void priceBeforeQuota() {
            Connexion connexion = aConnexion().dailyLimit(0).monthlyLimit("10").build();
            assertThat(left(AdmissionPolicies.builtIn().evaluate(connexion, aRequest().build())).reason())
                    .isEqualTo(DenialReason.MODEL_NOT_PRICED);
        }

        @Test
        @DisplayName("the daily quota is reported before the budget")
        void dailyBeforeBudget() {
            Connexion connexion = aConnexion().status(ConnexionStatus.QUOTA_EXCEEDED).dailyLimit(3).usage(3)
                    .monthlyLimit("1").spent("1").build();
            assertThat(left(AdmissionPolicies.builtIn().evaluate(connexion, aRequest().priced("1", "1").build())).reason())
                    .isEqualTo(DenialReason.DAILY_QUOTA_EXCEEDED);
        }

        @Test
        @DisplayName("an extra policy registered after the built-ins is asked last")
        void registration() {
            List<String> calls = new ArrayList<>();
            AdmissionPolicies policies = AdmissionPolicies.builtInThen(List.of(new Spy("extra", calls, false)));
            assertThat(policies.policies()).hasSize(6);
            assertThat(left(policies.evaluate(aConnexion().build(), aRequest().build())).detail()).isEqualTo("extra");
        }

        @Test
        @DisplayName("the aggregate's invariants are status, price, daily quota and budget")
        void invariants() {
            assertThat(AdmissionPolicies.invariants().policies()).extracting(p -> p.getClass().getSimpleName())
                    .containsExactly("StatusPolicy", "PricedModelPolicy", "DailyQuotaPolicy", "MonthlyBudgetPolicy");
        }
    }

    @Nested
    @DisplayName("guarded by the invariants")
    class Guarded {

        @Test
        @DisplayName("the built-in chain already holds them: each policy runs once")
        void builtInOnce() {
            assertThat(AdmissionPolicies.guarded(AdmissionPolicies.builtIn()).policies())
                    .extracting(p -> p.getClass().getSimpleName())
                    .containsExactly("StatusPolicy", "AllowedModelPolicy", "PricedModelPolicy", "DailyQuotaPolicy",
                            "MonthlyBudgetPolicy");
        }

        @Test
        @DisplayName("a composition without them runs them after its own, once")
        void appended() {
            List<String> calls = new ArrayList<>();
            AdmissionPolicies guarded = AdmissionPolicies.guarded(AdmissionPolicies.of(new Spy("mine", calls, true),
                    new StatusPolicy()));
            assertThat(guarded.policies()).extracting(p -> p.getClass().getSimpleName())
                    .containsExactly("Spy", "StatusPolicy", "PricedModelPolicy", "DailyQuotaPolicy", "MonthlyBudgetPolicy");
            Connexion usedUp = aConnexion().dailyLimit(1).usage(1).status(ConnexionStatus.QUOTA_EXCEEDED).build();
            assertThat(left(guarded.evaluate(usedUp, aRequest().build())).reason()).isEqualTo(DenialReason.DAILY_QUOTA_EXCEEDED);
            assertThat(calls).containsExactly("mine");
        }

        @Test
        @DisplayName("guarding twice changes nothing")
        void idempotent() {
            AdmissionPolicies guarded = AdmissionPolicies.guarded(new Spy("mine", new ArrayList<>(), true));
            assertThat(AdmissionPolicies.guarded(guarded)).isSameAs(guarded);
        }
    }
}
