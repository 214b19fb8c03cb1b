package fr.presenca.connexion.domain.connexion;

import fr.presenca.connexion.domain.cost.Usd;
import io.vavr.control.Option;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static fr.presenca.connexion.domain.connexion.ConnexionStatus.ACTIVE;
import static fr.presenca.connexion.domain.connexion.ConnexionStatus.ERROR;
import static fr.presenca.connexion.domain.connexion.ConnexionStatus.INACTIVE;
import static fr.presenca.connexion.domain.connexion.ConnexionStatus.QUOTA_EXCEEDED;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.ID;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.NEXT_MIDNIGHT;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.NEXT_MONTH;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.NOW;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.PARIS;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.aConnexion;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Automatic status changes")
class AutomaticStatusTest {

    @Nested
    @DisplayName("refresh")
    class Refresh {

        @Test
        @DisplayName("before any reset is due nothing changes and no event is emitted")
        void nothingDue() {
            Connexion connexion = aConnexion().status(QUOTA_EXCEEDED).dailyLimit(5).usage(5).build();
            Outcome outcome = connexion.refresh(NEXT_MIDNIGHT.minusSeconds(1), PARIS);
            assertThat(outcome.connexion()).isSameAs(connexion);
            assertThat(outcome.event()).isEmpty();
        }

        @Test
        @DisplayName("a connexion over its daily quota becomes ACTIVE again at local midnight")
        void dailyReset() {
            Outcome outcome = aConnexion().status(QUOTA_EXCEEDED).dailyLimit(5).usage(5).build().refresh(NEXT_MIDNIGHT, PARIS);
            assertThat(outcome.connexion().status()).isEqualTo(ACTIVE);
            assertThat(outcome.connexion().dailyQuota().usage()).isZero();
            assertThat(outcome.connexion().dailyQuota().resetAt()).contains(NEXT_MIDNIGHT.plusSeconds(24 * 3600));
            assertThat(outcome.event()).contains(new ConnexionEvent.QuotaRestored(ID, NEXT_MIDNIGHT));
            assertThat(outcome.change().changed()).containsExactly(ConnexionAttribute.STATUS, ConnexionAttribute.DAILY_USAGE);
        }

        @Test
        @DisplayName("a connexion over its budget stays QUOTA_EXCEEDED at midnight and becomes ACTIVE on the first of the month")
        void monthlyRollOver() {
            Connexion connexion = aConnexion().status(QUOTA_EXCEEDED).monthlyLimit("10").spent("10").build();
            assertThat(connexion.refresh(NEXT_MIDNIGHT, PARIS).connexion().status()).isEqualTo(QUOTA_EXCEEDED);
            Outcome outcome = connexion.refresh(NEXT_MONTH, PARIS);
            assertThat(outcome.connexion().status()).isEqualTo(ACTIVE);
            assertThat(outcome.connexion().monthlyBudget().spent()).isEqualTo(Usd.ZERO);
            assertThat(outcome.connexion().monthlyBudget().resetAt()).contains(Instant.parse("2026-02-28T23:00:00Z"));
            assertThat(outcome.event()).contains(new ConnexionEvent.QuotaRestored(ID, NEXT_MONTH));
        }

        @Test
        @DisplayName("a connexion over both stays QUOTA_EXCEEDED until both causes end")
        void bothCauses() {
            Connexion connexion = aConnexion().status(QUOTA_EXCEEDED).dailyLimit(5).usage(5)
                    .monthlyLimit("10").spent("10").build();
            assertThat(connexion.refresh(NEXT_MIDNIGHT, PARIS).connexion().status()).isEqualTo(QUOTA_EXCEEDED);
            assertThat(connexion.refresh(NEXT_MONTH, PARIS).connexion().status()).isEqualTo(ACTIVE);
        }

        @Test
        @DisplayName("an adopted active row already over its limit becomes QUOTA_EXCEEDED")
        void adoptedExhausted() {
            Outcome outcome = aConnexion().dailyLimit(5).usage(7).build().refresh(NOW, PARIS);
            assertThat(outcome.connexion().status()).isEqualTo(QUOTA_EXCEEDED);
            assertThat(outcome.event()).contains(new ConnexionEvent.QuotaExceeded(ID, NOW, Exhaustion.DAILY_QUOTA));
        }

        @Test
        @DisplayName("an adopted row without reset instants gets them; its daily usage resets, its monthly cost is kept")
        void adoptedWithoutResets() {
            Outcome outcome = aConnexion().dailyLimit(5).usage(3).quotaResetAt(Option.none())
                    .spent("2").budgetResetAt(Option.none()).build().refresh(NOW, PARIS);
            assertThat(outcome.connexion().dailyQuota().usage()).isZero();
            assertThat(outcome.connexion().dailyQuota().resetAt()).contains(NEXT_MIDNIGHT);
            assertThat(outcome.connexion().monthlyBudget().spent()).isEqualTo(Usd.of("2"));
            assertThat(outcome.connexion().monthlyBudget().resetAt()).contains(NEXT_MONTH);
        }

        @Test
        @DisplayName("counters of a connexion in error or inactive reset too, but their status waits for a command")
        void otherStatuses() {
            for (ConnexionStatus status : new ConnexionStatus[]{ERROR, INACTIVE, ConnexionStatus.EXPIRED}) {
                Outcome outcome = aConnexion().status(status).dailyLimit(5).usage(5).build().refresh(NEXT_MIDNIGHT, PARIS);
                assertThat(outcome.connexion().status()).isEqualTo(status);
                assertThat(outcome.connexion().dailyQuota().usage()).isZero();
                assertThat(outcome.event()).isEmpty();
            }
        }

        @Test
        @DisplayName("on 2026-03-29 a quota used up in the morning comes back at 22:00 UTC, midnight CEST")
        void springForward() {
            Instant morning = Instant.parse("2026-03-29T06:00:00Z");
            Connexion connexion = aConnexion().status(QUOTA_EXCEEDED).dailyLimit(1).usage(1).periodOf(morning).build();
            assertThat(connexion.refresh(Instant.parse("2026-03-29T21:59:59Z"), PARIS).connexion().status())
                    .isEqualTo(QUOTA_EXCEEDED);
            assertThat(connexion.refresh(Instant.parse("2026-03-29T22:00:00Z"), PARIS).connexion().status())
                    .isEqualTo(ACTIVE);
        }

        @Test
        @DisplayName("on 2026-10-25 a quota used up in the morning comes back at 23:00 UTC, midnight CET")
        void fallBack() {
            Instant morning = Instant.parse("2026-10-25T06:00:00Z");
            Connexion connexion = aConnexion().status(QUOTA_EXCEEDED).dailyLimit(1).usage(1).periodOf(morning).build();
            assertThat(connexion.refresh(Instant.parse("2026-10-25T22:59:59Z"), PARIS).connexion().status())
                    .isEqualTo(QUOTA_EXCEEDED);
            assertThat(connexion.refresh(Instant.parse("2026-10-25T23:00:00Z"), PARIS).connexion().status())
                    .isEqualTo(ACTIVE);
        }
    }

    @Nested
    @DisplayName("recordUsage")
    class RecordUsage {

        @Test
        @DisplayName("adds the exact cost to the month")
        void addsCost() {
            Outcome outcome = aConnexion().monthlyLimit("10").spent("1.2345").build()
                    .recordUsage(Usd.of("0.0001"), NOW, PARIS);
            assertThat(outcome.connexion().monthlyBudget().spent()).isEqualTo(Usd.of("1.2346"));
            assertThat(outcome.connexion().status()).isEqualTo(ACTIVE);
            assertThat(outcome.event()).isEmpty();
        }

        @Test
        @DisplayName("a cost reaching the limit exactly makes the connexion QUOTA_EXCEEDED for the budget")
        void limitExactlyReached() {
            Outcome outcome = aConnexion().monthlyLimit("10").spent("9.9999").build()
                    .recordUsage(Usd.of("0.0001"), NOW, PARIS);
            assertThat(outcome.connexion().status()).isEqualTo(QUOTA_EXCEEDED);
            assertThat(outcome.connexion().exhaustion()).contains(Exhaustion.MONTHLY_BUDGET);
            assertThat(outcome.event()).contains(new ConnexionEvent.QuotaExceeded(ID, NOW, Exhaustion.MONTHLY_BUDGET));
        }

        @Test
        @DisplayName("a cost stopping 0.0001 short of the limit keeps the connexion ACTIVE")
        void justShort() {
            Outcome outcome = aConnexion().monthlyLimit("10").spent("9.9997").build()
                    .recordUsage(Usd.of("0.0002"), NOW, PARIS);
            assertThat(outcome.connexion().status()).isEqualTo(ACTIVE);
        }

        @Test
        @DisplayName("a cost may take the month over its limit: it was spent")
        void overLimit() {
            Outcome outcome = aConnexion().monthlyLimit("1").spent("0.9").build().recordUsage(Usd.of("0.5"), NOW, PARIS);
            assertThat(outcome.connexion().monthlyBudget().spent()).isEqualTo(Usd.of("1.4"));
        }

        @Test
        @DisplayName("a cost recorded in a new month counts in that month only")
        void newMonth() {
            Outcome outcome = aConnexion().status(QUOTA_EXCEEDED).monthlyLimit("10").spent("10").build()
                    .recordUsage(Usd.of("0.25"), NEXT_MONTH.plusSeconds(5), PARIS);
            assertThat(outcome.connexion().monthlyBudget().spent()).isEqualTo(Usd.of("0.25"));
            assertThat(outcome.connexion().status()).isEqualTo(ACTIVE);
            assertThat(outcome.event()).contains(new ConnexionEvent.QuotaRestored(ID, NEXT_MONTH.plusSeconds(5)));
        }

        @Test
        @DisplayName("a cost is recorded whatever the status, without changing a status that is not serving")
        void anyStatus() {
            Outcome outcome = aConnexion().status(INACTIVE).monthlyLimit("1").spent("0.9").build()
                    .recordUsage(Usd.of("0.5"), NOW, PARIS);
            assertThat(outcome.connexion().monthlyBudget().spent()).isEqualTo(Usd.of("1.4"));
            assertThat(outcome.connexion().status()).isEqualTo(INACTIVE);
            assertThat(outcome.event()).isEmpty();
        }

        @Test
        @DisplayName("without a budget no cost ever exhausts the connexion")
        void unlimited() {
            Outcome outcome = aConnexion().build().recordUsage(Usd.of("999999"), NOW, PARIS);
            assertThat(outcome.connexion().status()).isEqualTo(ACTIVE);
        }
    }
}
