package fr.presenca.connexion.domain.connexion;

import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.DomainError.InvalidFields;
import fr.presenca.connexion.domain.cost.Usd;
import io.vavr.control.Option;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static fr.presenca.connexion.domain.connexion.ConnexionStatus.ACTIVE;
import static fr.presenca.connexion.domain.connexion.ConnexionStatus.ERROR;
import static fr.presenca.connexion.domain.connexion.ConnexionStatus.QUOTA_EXCEEDED;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.ID;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.NEXT_MIDNIGHT;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.NOW;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.PARIS;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.aConnexion;
import static fr.presenca.connexion.domain.fixture.Results.left;
import static fr.presenca.connexion.domain.fixture.Results.right;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Editing a connexion")
class EditingTest {

    static final Instant LATER = NOW.plusSeconds(60);

    static Transition update(Connexion connexion, ConnexionChanges changes) {
        return right(connexion.update(changes, Option.none(), LATER, PARIS));
    }

    @Nested
    @DisplayName("a partial update")
    class PartialUpdate {

        @Test
        @DisplayName("changes only the fields it sets and names them in the event")
        void onlyGivenFields() {
            Connexion before = aConnexion().build();
            ClientId otherClient = new ClientId(UUID.fromString("0d6f7b2e-5555-4a5e-9c3b-000000000005"));
            Transition transition = update(before, ConnexionChanges.none()
                    .withClientType(ClientType.RESEAU_AGENCE)
                    .withClientId(otherClient)
                    .withAllowedModels(right(AllowedModels.of(List.of("gpt-4o")))));
            Connexion after = transition.connexion();
            assertThat(after.clientType()).isEqualTo(ClientType.RESEAU_AGENCE);
            assertThat(after.clientId()).isEqualTo(otherClient);
            assertThat(after.allowedModels().names()).containsExactly("gpt-4o");
            assertThat(after.accountEmail()).isEqualTo(before.accountEmail());
            assertThat(after.openaiOrganisationId()).isEqualTo(before.openaiOrganisationId());
            assertThat(after.extensions()).isEqualTo(before.extensions());
            assertThat(after.apiKey()).isEqualTo(before.apiKey());
            assertThat(transition.event()).isEqualTo(new ConnexionEvent.Updated(ID, LATER,
                    List.of("clientType", "clientId", "allowedModels"), ACTIVE, ACTIVE));
        }

        @Test
        @DisplayName("clears nullable fields: e-mail, OpenAI ids, limits")
        void clears() {
            Connexion after = update(aConnexion().dailyLimit(10).monthlyLimit("5").build(), ConnexionChanges.none()
                    .withAccountEmail(Patch.clear())
                    .withOpenaiOrganisationId(Patch.clear())
                    .withOpenaiProjectId(Patch.clear())
                    .withDailyRequestLimit(Patch.clear())
                    .withMonthlyCostLimit(Patch.clear())).connexion();
            assertThat(after.accountEmail()).isEmpty();
            assertThat(after.openaiOrganisationId()).isEmpty();
            assertThat(after.openaiProjectId()).isEmpty();
            assertThat(after.dailyQuota().isUnlimited()).isTrue();
            assertThat(after.monthlyBudget().isUnlimited()).isTrue();
        }

        @Test
        @DisplayName("setting a field to its current value is not reported as a change")
        void sameValue() {
            Connexion before = aConnexion().build();
            Transition transition = update(before, ConnexionChanges.none().withClientType(before.clientType())
                    .withAccountEmail(Patch.set(before.accountEmail().get())));
            assertThat(((ConnexionEvent.Updated) transition.event()).changedFields()).isEmpty();
        }

        @Test
        @DisplayName("keeps the usage counters when a limit changes")
        void keepsCounters() {
            Connexion after = update(aConnexion().dailyLimit(10).usage(4).spent("1.5").build(), ConnexionChanges.none()
                    .withDailyRequestLimit(Patch.set(20))
                    .withMonthlyCostLimit(Patch.set(Usd.of("3")))).connexion();
            assertThat(after.dailyQuota().usage()).isEqualTo(4);
            assertThat(after.monthlyBudget().spent()).isEqualTo(Usd.of("1.5"));
        }

        @Test
        @DisplayName("leaves the audit stamps to the database's triggers")
        void stamps() {
            Connexion before = aConnexion().build();
            assertThat(update(before, ConnexionChanges.none()).connexion().audit()).isEqualTo(before.audit());
        }
    }

    @Nested
    @DisplayName("what an update writes")
    class Writes {

        @Test
        @DisplayName("only the attributes it edits")
        void writesWhatItEdits() {
            Connexion before = aConnexion().dailyLimit(10).usage(4).build();
            Transition transition = update(before, ConnexionChanges.none()
                    .withAccountEmail(Patch.set(right(EmailAddress.of("ops@example.com")))));
            assertThat(transition.changed()).containsExactly(ConnexionAttribute.ACCOUNT_EMAIL);
            assertThat(transition.before()).contains(before);
            assertThat(transition.events()).containsExactly(transition.event());
        }

        @Test
        @DisplayName("a due daily reset is left to the metering when no limit changes: the counters stay as stored")
        void leavesCountersAlone() {
            Connexion before = aConnexion().status(QUOTA_EXCEEDED).dailyLimit(5).usage(5).build();
            Transition transition = right(before.update(ConnexionChanges.none()
                    .withAccountEmail(Patch.set(right(EmailAddress.of("ops@example.com")))), Option.none(),
                    NEXT_MIDNIGHT.plusSeconds(1), PARIS));
            assertThat(transition.changed()).containsExactly(ConnexionAttribute.ACCOUNT_EMAIL);
            assertThat(transition.connexion().dailyQuota()).isEqualTo(before.dailyQuota());
            assertThat(transition.connexion().status()).isEqualTo(QUOTA_EXCEEDED);
        }

        @Test
        @DisplayName("a limit change applies the due reset and writes the counters with it")
        void limitChangeWritesCounters() {
            Transition transition = right(aConnexion().dailyLimit(5).usage(5).status(QUOTA_EXCEEDED).build()
                    .update(ConnexionChanges.none().withDailyRequestLimit(Patch.set(6)), Option.none(),
                            NEXT_MIDNIGHT.plusSeconds(1), PARIS));
            assertThat(transition.changed()).containsExactly(ConnexionAttribute.DAILY_REQUEST_LIMIT,
                    ConnexionAttribute.STATUS, ConnexionAttribute.DAILY_USAGE);
            assertThat(transition.connexion().dailyQuota().usage()).isZero();
        }

        @Test
        @DisplayName("a status the limit change moves is also the automatic event metering records for that move")
        void statusMoveIsTheAutomaticEvent() {
            Transition raised = right(aConnexion().dailyLimit(5).usage(5).status(QUOTA_EXCEEDED).build()
                    .update(ConnexionChanges.none().withDailyRequestLimit(Patch.set(6)), Option.none(), NOW, PARIS));
            assertThat(raised.events()).extracting(ConnexionEvent::type).containsExactly("updated", "quota_restored");

            Transition lowered = right(aConnexion().dailyLimit(5).usage(3).build()
                    .update(ConnexionChanges.none().withDailyRequestLimit(Patch.set(3)), Option.none(), NOW, PARIS));
            assertThat(lowered.events()).extracting(ConnexionEvent::type).containsExactly("updated", "quota_exceeded");
            assertThat(lowered.events().get(1)).isEqualTo(new ConnexionEvent.QuotaExceeded(lowered.connexion().id(), NOW,
                    Exhaustion.DAILY_QUOTA));

            Transition unmoved = right(aConnexion().dailyLimit(5).usage(3).build()
                    .update(ConnexionChanges.none().withDailyRequestLimit(Patch.set(4)), Option.none(), NOW, PARIS));
            assertThat(unmoved.events()).extracting(ConnexionEvent::type).containsExactly("updated");
        }

        @Test
        @DisplayName("a key given with the edit is one change, listed as apiKey, never as its value")
        void keyWithTheEdit() {
            ApiKey key = right(ApiKey.of("sk-proj-Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2"));
            Transition transition = right(aConnexion().build().update(ConnexionChanges.none()
                    .withDailyRequestLimit(Patch.set(7)), Option.some(key), LATER, PARIS));
            assertThat(transition.changed()).contains(ConnexionAttribute.API_KEY, ConnexionAttribute.DAILY_REQUEST_LIMIT);
            assertThat(transition.connexion().apiKey()).contains(key);
            assertThat(transition.event()).isEqualTo(new ConnexionEvent.Updated(ID, LATER,
                    List.of("dailyRequestLimit", "apiKey"), ACTIVE, ACTIVE));
        }
    }

    @Nested
    @DisplayName("changing limits")
    class Limits {

        @Test
        @DisplayName("lowering the daily limit to the usage makes an active connexion QUOTA_EXCEEDED")
        void lowerDaily() {
            Transition transition = update(aConnexion().dailyLimit(100).usage(30).build(),
                    ConnexionChanges.none().withDailyRequestLimit(Patch.set(30)));
            assertThat(transition.connexion().status()).isEqualTo(QUOTA_EXCEEDED);
            assertThat(transition.event()).isEqualTo(new ConnexionEvent.Updated(ID, LATER,
                    List.of("dailyRequestLimit"), ACTIVE, QUOTA_EXCEEDED));
        }

        @Test
        @DisplayName("raising the daily limit of a connexion over its quota makes it ACTIVE again")
        void raiseDaily() {
            Transition transition = update(aConnexion().status(QUOTA_EXCEEDED).dailyLimit(30).usage(30).build(),
                    ConnexionChanges.none().withDailyRequestLimit(Patch.set(31)));
            assertThat(transition.connexion().status()).isEqualTo(ACTIVE);
            assertThat(transition.event().status()).isEqualTo(ACTIVE);
        }

        @Test
        @DisplayName("removing the monthly limit of a connexion over its budget makes it ACTIVE again")
        void removeBudget() {
            Transition transition = update(aConnexion().status(QUOTA_EXCEEDED).monthlyLimit("10").spent("10").build(),
                    ConnexionChanges.none().withMonthlyCostLimit(Patch.clear()));
            assertThat(transition.connexion().status()).isEqualTo(ACTIVE);
        }

        @Test
        @DisplayName("raising the budget is not enough while the daily quota is still used up")
        void otherCauseRemains() {
            Transition transition = update(aConnexion().status(QUOTA_EXCEEDED).dailyLimit(5).usage(5)
                            .monthlyLimit("10").spent("10").build(),
                    ConnexionChanges.none().withMonthlyCostLimit(Patch.set(Usd.of("20"))));
            assertThat(transition.connexion().status()).isEqualTo(QUOTA_EXCEEDED);
        }

        @Test
        @DisplayName("lowering a limit does not touch the status of a connexion in error")
        void errorUntouched() {
            Transition transition = update(aConnexion().status(ERROR).dailyLimit(100).usage(30).build(),
                    ConnexionChanges.none().withDailyRequestLimit(Patch.set(0)));
            assertThat(transition.connexion().status()).isEqualTo(ERROR);
        }

        @Test
        @DisplayName("after midnight the new limit applies to the usage of the new day")
        void afterMidnight() {
            Transition transition = right(aConnexion().dailyLimit(100).usage(50).build()
                    .update(ConnexionChanges.none().withDailyRequestLimit(Patch.set(40)), Option.none(), NEXT_MIDNIGHT, PARIS));
            assertThat(transition.connexion().status()).isEqualTo(ACTIVE);
            assertThat(transition.connexion().dailyQuota().usage()).isZero();
        }
    }

    @Nested
    @DisplayName("invalid changes")
    class InvalidChanges {

        @Test
        @DisplayName("raw changes report every invalid field at once and nothing changes")
        void allAtOnce() {
            ConnexionChanges.Input raw = new ConnexionChanges.Input(Option.some("franchise"), Option.none(),
                    Patch.set("nope"), Patch.keep(), Patch.set("proj-x"), Patch.set(-1),
                    Patch.set(new BigDecimal("1.23456")), Option.some(List.of(" ")), Option.some("[]"));
            DomainError error = left(raw.validate());
            assertThat(((InvalidFields) error).fields()).containsExactly("clientType", "accountEmail",
                    "openaiProjectId", "dailyRequestLimit", "monthlyCostLimit", "allowedModels", "extensions");
        }

        @Test
        @DisplayName("valid raw changes become the matching value objects; clear stays clear")
        void validRaw() {
            ConnexionChanges.Input raw = new ConnexionChanges.Input(Option.some("AGENCE_INDEPENDANTE"), null,
                    Patch.set(" sales@agence.fr "), Patch.clear(), null, Patch.set(0),
                    Patch.set(new BigDecimal("10.5")), Option.none(), Option.some("{\"a\":1}"));
            ConnexionChanges changes = right(raw.validate());
            assertThat(changes).isEqualTo(ConnexionChanges.none()
                    .withClientType(ClientType.AGENCE_INDEPENDANTE)
                    .withAccountEmail(Patch.set(new EmailAddress("sales@agence.fr")))
                    .withOpenaiOrganisationId(Patch.clear())
                    .withDailyRequestLimit(Patch.set(0))
                    .withMonthlyCostLimit(Patch.set(Usd.of("10.5")))
                    .withExtensions(new JsonDocument("{\"a\":1}")));
        }

        @Test
        @DisplayName("update itself refuses a negative limit built without validation")
        void updateChecks() {
            assertThat(aConnexion().build().update(ConnexionChanges.none().withDailyRequestLimit(Patch.set(-1)), Option.none(), LATER, PARIS)
                    .isLeft()).isTrue();
        }
    }

    @Nested
    @DisplayName("the API key")
    class ApiKeys {

        @Test
        @DisplayName("setting a key keeps the status and yields its hint, never the key")
        void setKey() {
            ApiKey key = right(ApiKey.of("sk-test-newKey1234567890WXyz"));
            Transition transition = right(aConnexion().status(ERROR).noApiKey().build().withApiKey(key, LATER));
            assertThat(transition.connexion().apiKey()).contains(key);
            assertThat(transition.connexion().apiKeyHint()).contains("sk-…WXyz");
            assertThat(transition.connexion().status()).isEqualTo(ERROR);
            assertThat(transition.event()).isEqualTo(new ConnexionEvent.ApiKeySet(ID, LATER, "sk-…WXyz", ERROR));
        }

        @Test
        @DisplayName("clearing the key removes it")
        void clearKey() {
            Transition transition = right(aConnexion().build().withoutApiKey(LATER));
            assertThat(transition.connexion().apiKey()).isEmpty();
            assertThat(transition.connexion().apiKeyHint()).isEmpty();
            assertThat(transition.event()).isEqualTo(new ConnexionEvent.ApiKeyCleared(ID, LATER, ACTIVE));
        }

        @Test
        @DisplayName("clearing an absent key is accepted")
        void clearAbsent() {
            assertThat(aConnexion().noApiKey().build().withoutApiKey(LATER).isRight()).isTrue();
        }
    }

    @Test
    @DisplayName("a successful synchronisation records lastSyncAt without changing the status")
    void sync() {
        Transition transition = right(aConnexion().status(ERROR).build().recordSync(LATER));
        assertThat(transition.connexion().lastSyncAt()).contains(LATER);
        assertThat(transition.connexion().status()).isEqualTo(ERROR);
        assertThat(transition.event()).isEqualTo(new ConnexionEvent.Synced(ID, LATER, ERROR));
    }
}
