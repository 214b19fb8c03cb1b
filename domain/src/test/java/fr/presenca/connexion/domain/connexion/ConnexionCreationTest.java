package fr.presenca.connexion.domain.connexion;

import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.DomainError.InconsistentState;
import fr.presenca.connexion.domain.DomainError.InvalidField;
import fr.presenca.connexion.domain.DomainError.InvalidFields;
import fr.presenca.connexion.domain.cost.Usd;
import fr.presenca.connexion.domain.fixture.ConnexionBuilder;
import io.vavr.control.Option;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.ADMIN;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.CLIENT;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.ID;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.NEXT_MIDNIGHT;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.NEXT_MONTH;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.NOW;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.ORGANISATION;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.PARIS;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.SECRET;
import static fr.presenca.connexion.domain.fixture.ConnexionBuilder.aConnexion;
import static fr.presenca.connexion.domain.fixture.Results.left;
import static fr.presenca.connexion.domain.fixture.Results.right;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Creating and restoring a connexion")
class ConnexionCreationTest {

    static NewConnexion.Input input() {
        return new NewConnexion.Input(ORGANISATION.value(), Option.none(), CLIENT.value(), Option.none(), Option.none(),
                Option.none(), Option.none(), Option.none(), Option.none(), Option.none(), Option.none(), Option.none());
    }

    static Transition create(NewConnexion request) {
        return right(Connexion.create(ID, request, NOW, PARIS));
    }

    @Nested
    @DisplayName("with only the required fields")
    class Defaults {

        final Transition created = create(NewConnexion.minimal(ORGANISATION, CLIENT));
        final Connexion connexion = created.connexion();

        @Test
        @DisplayName("a new connexion takes the seed defaults")
        void seedDefaults() {
            assertThat(connexion.id()).isEqualTo(ID);
            assertThat(connexion.organisationId()).isEqualTo(ORGANISATION);
            assertThat(connexion.clientId()).isEqualTo(CLIENT);
            assertThat(connexion.clientType()).isEqualTo(ClientType.RESEAU);
            assertThat(connexion.apiKey()).isEmpty();
            assertThat(connexion.accountEmail()).isEmpty();
            assertThat(connexion.openaiOrganisationId()).isEmpty();
            assertThat(connexion.openaiProjectId()).isEmpty();
            assertThat(connexion.active()).isTrue();
            assertThat(connexion.status()).isEqualTo(ConnexionStatus.ACTIVE);
            assertThat(connexion.activatedAt()).isEqualTo(NOW);
            assertThat(connexion.lastSyncAt()).isEmpty();
            assertThat(connexion.lastError()).isEmpty();
            assertThat(connexion.allowedModels()).isEqualTo(AllowedModels.seedDefault());
            assertThat(connexion.extensions()).isEqualTo(JsonDocument.emptyObject());
            assertThat(connexion.auditLog()).isEqualTo(JsonDocument.emptyObject());
        }

        @Test
        @DisplayName("a new connexion has unlimited counters at zero, resetting at the next Paris midnight and month")
        void counters() {
            assertThat(connexion.dailyQuota()).isEqualTo(new fr.presenca.connexion.domain.quota.DailyQuota(
                    Option.none(), 0, Option.some(NEXT_MIDNIGHT)));
            assertThat(connexion.monthlyBudget().limit()).isEmpty();
            assertThat(connexion.monthlyBudget().spent()).hasToString("0.0000");
            assertThat(connexion.monthlyBudget().resetAt()).contains(NEXT_MONTH);
        }

        @Test
        @DisplayName("the creation instant is both the creation and the update stamp")
        void audit() {
            assertThat(connexion.audit()).isEqualTo(new AuditStamp(NOW, Option.none(), NOW, Option.none()));
        }

        @Test
        @DisplayName("creating yields a Created event")
        void event() {
            assertThat(created.event()).isEqualTo(new ConnexionEvent.Created(ID, NOW, ORGANISATION, ClientType.RESEAU,
                    CLIENT, ConnexionStatus.ACTIVE));
            assertThat(created.event().type()).isEqualTo("created");
        }

        @Test
        @DisplayName("the reset instants follow the zone given at creation")
        void otherZone() {
            Connexion utc = right(Connexion.create(ID, NewConnexion.minimal(ORGANISATION, CLIENT), NOW, ZoneId.of("UTC"))).connexion();
            assertThat(utc.dailyQuota().resetAt()).contains(Instant.parse("2026-01-16T00:00:00Z"));
            assertThat(utc.monthlyBudget().resetAt()).contains(Instant.parse("2026-02-01T00:00:00Z"));
        }
    }

    @Nested
    @DisplayName("with every field given")
    class Given {

        final NewConnexion request = right(new NewConnexion.Input(ORGANISATION.value(), Option.some("AGENCE_INDEPENDANTE"),
                CLIENT.value(), Option.some(SECRET), Option.some("ops@presenca.fr"), Option.some("org-Presenca01"),
                Option.some("proj_Immo42"), Option.some(500), Option.some(new BigDecimal("25.5")),
                Option.some(List.of("gpt-4o", "gpt-4o-mini")), Option.some("{\"tone\":\"formal\"}"),
                Option.some(ADMIN.value())).validate());

        @Test
        @DisplayName("a new connexion keeps what was asked for")
        void kept() {
            Connexion connexion = create(request).connexion();
            assertThat(connexion.clientType()).isEqualTo(ClientType.AGENCE_INDEPENDANTE);
            assertThat(connexion.apiKey().map(ApiKey::reveal)).contains(SECRET);
            assertThat(connexion.accountEmail()).contains(new EmailAddress("ops@presenca.fr"));
            assertThat(connexion.openaiOrganisationId()).contains(new OpenAiOrganisationId("org-Presenca01"));
            assertThat(connexion.openaiProjectId()).contains(new OpenAiProjectId("proj_Immo42"));
            assertThat(connexion.dailyQuota().limit()).contains(500);
            assertThat(connexion.monthlyBudget().limit()).contains(Usd.of("25.5"));
            assertThat(connexion.allowedModels().names()).containsExactly("gpt-4o", "gpt-4o-mini");
            assertThat(connexion.extensions().json()).isEqualTo("{\"tone\":\"formal\"}");
            assertThat(connexion.audit().createdBy()).contains(ADMIN);
            assertThat(connexion.audit().updatedBy()).contains(ADMIN);
        }

        @Test
        @DisplayName("a client type may be given as its stored code too")
        void clientTypeCode() {
            NewConnexion.Input raw = new NewConnexion.Input(ORGANISATION.value(), Option.some("reseau_agence"),
                    CLIENT.value(), Option.none(), Option.none(), Option.none(), Option.none(), Option.none(),
                    Option.none(), Option.none(), Option.none(), Option.none());
            assertThat(right(raw.validate()).clientType()).contains(ClientType.RESEAU_AGENCE);
        }

        @Test
        @DisplayName("neither the connexion nor its state shows the key in toString")
        void toStringHidesKey() {
            Connexion connexion = create(request).connexion();
            assertThat(connexion.toString()).doesNotContain(SECRET).contains("sk-…Ab12");
            assertThat(connexion.state().toString()).doesNotContain(SECRET);
            assertThat(request.toString()).doesNotContain(SECRET);
        }

        @Test
        @DisplayName("a daily limit of 0 makes the new connexion QUOTA_EXCEEDED at once")
        void zeroLimit() {
            NewConnexion zero = new NewConnexion(ORGANISATION, Option.none(), CLIENT, Option.none(), Option.none(),
                    Option.none(), Option.none(), Option.some(0), Option.none(), Option.none(), Option.none(), Option.none());
            Transition created = create(zero);
            assertThat(created.connexion().status()).isEqualTo(ConnexionStatus.QUOTA_EXCEEDED);
            assertThat(created.connexion().active()).isTrue();
            assertThat(created.event().status()).isEqualTo(ConnexionStatus.QUOTA_EXCEEDED);
        }
    }

    @Nested
    @DisplayName("with invalid input")
    class Invalid {

        @Test
        @DisplayName("every invalid field is reported at once, by its GraphQL name")
        void allFieldsAtOnce() {
            NewConnexion.Input raw = new NewConnexion.Input(null, Option.some("agence"), null, Option.some("short"),
                    Option.some("not-an-email"), Option.some("org_bad"), Option.some("proj-bad"), Option.some(-1),
                    Option.some(new BigDecimal("0.00001")), Option.some(List.of("gpt-4", "gpt-4")),
                    Option.some("[1,2]"), Option.none());
            DomainError error = left(raw.validate());
            assertThat(error).isInstanceOf(InvalidFields.class);
            assertThat(((InvalidFields) error).fields()).containsExactly("organisationId", "clientType", "clientId",
                    "apiKey", "accountEmail", "openaiOrganisationId", "openaiProjectId", "dailyRequestLimit",
                    "monthlyCostLimit", "allowedModels", "extensions");
            assertThat(error.message()).doesNotContain("short");
        }

        @Test
        @DisplayName("a single invalid field is reported as that field")
        void singleField() {
            NewConnexion.Input raw = new NewConnexion.Input(ORGANISATION.value(), Option.none(), CLIENT.value(),
                    Option.none(), Option.some("nope"), Option.none(), Option.none(), Option.none(), Option.none(),
                    Option.none(), Option.none(), Option.none());
            assertThat(left(raw.validate())).isInstanceOfSatisfying(InvalidField.class,
                    e -> assertThat(e.field()).isEqualTo("accountEmail"));
        }

        @Test
        @DisplayName("create itself refuses a negative daily limit, a limit over numeric(10,4) or non-object extensions")
        void createChecksToo() {
            NewConnexion bad = new NewConnexion(ORGANISATION, Option.none(), CLIENT, Option.none(), Option.none(),
                    Option.none(), Option.none(), Option.some(-3), Option.some(Usd.of("1000000")), Option.none(),
                    Option.some(new JsonDocument("\"text\"")), Option.none());
            DomainError error = left(Connexion.create(ID, bad, NOW, PARIS));
            assertThat(((InvalidFields) error).fields())
                    .containsExactly("dailyRequestLimit", "monthlyCostLimit", "extensions");
        }
    }

    @Nested
    @DisplayName("from stored state")
    class Restore {

        @Test
        @DisplayName("a consistent state is restored as it was")
        void roundTrip() {
            Connexion connexion = aConnexion().build();
            assertThat(right(Connexion.restore(connexion.state()))).isEqualTo(connexion);
            assertThat(connexion.state()).isEqualTo(aConnexion().state());
        }

        @Test
        @DisplayName("an inactive connexion whose status is not inactive cannot be restored")
        void inactiveButActive() {
            DomainError error = left(Connexion.restore(aConnexion().status(ConnexionStatus.ACTIVE).active(false).state()));
            assertThat(error).isInstanceOf(InconsistentState.class);
            assertThat(error.message()).contains("active is false").contains("status is active");
        }

        @Test
        @DisplayName("an active connexion whose status is inactive cannot be restored")
        void activeButInactive() {
            assertThat(left(Connexion.restore(aConnexion().status(ConnexionStatus.INACTIVE).active(true).state())))
                    .isInstanceOf(InconsistentState.class);
        }

        @Test
        @DisplayName("every status restores with the matching active flag")
        void everyStatus() {
            for (ConnexionStatus status : ConnexionStatus.values()) {
                Connexion connexion = aConnexion().status(status).build();
                assertThat(connexion.active()).isEqualTo(status != ConnexionStatus.INACTIVE);
            }
        }

        @Test
        @DisplayName("counters past their reset instant are restored untouched, to be reset lazily")
        void staleCounters() {
            Connexion stale = aConnexion().dailyLimit(10).usage(10).status(ConnexionStatus.QUOTA_EXCEEDED)
                    .quotaResetAt(Option.some(NOW.minusSeconds(3600))).build();
            assertThat(stale.dailyQuota().usage()).isEqualTo(10);
        }

        @Test
        @DisplayName("a state with a missing component is a bug")
        void nullComponent() {
            ConnexionState state = aConnexion().state();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ConnexionState(state.id(), null,
                    state.clientType(), state.clientId(), state.apiKey(), state.accountEmail(),
                    state.openaiOrganisationId(), state.openaiProjectId(), state.active(), state.activatedAt(),
                    state.lastSyncAt(), state.status(), state.lastError(), state.dailyQuota(), state.allowedModels(),
                    state.monthlyBudget(), state.audit(), state.auditLog(), state.extensions()))
                    .isInstanceOf(NullPointerException.class);
        }
    }

    @Test
    @DisplayName("two connexions with the same state are equal")
    void equality() {
        assertThat(ConnexionBuilder.aConnexion().build()).isEqualTo(ConnexionBuilder.aConnexion().build())
                .isNotEqualTo(ConnexionBuilder.aConnexion().usage(1).build());
    }
}
