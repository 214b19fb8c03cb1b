package fr.presenca.connexion.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.application.fake.InMemoryConnexionStore;
import fr.presenca.connexion.application.port.in.CreateConnexionCommand;
import fr.presenca.connexion.application.port.in.UpdateConnexionCommand;
import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.ConnexionChanges;
import fr.presenca.connexion.domain.connexion.ConnexionStatus;
import fr.presenca.connexion.domain.connexion.NewConnexion;
import fr.presenca.connexion.domain.connexion.Patch;
import io.vavr.control.Option;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

@DisplayName("The management services")
class ManageConnexionServicesTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/Paris");

    private final InMemoryConnexionStore store = new InMemoryConnexionStore();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);
    private final UUID organisation = UUID.randomUUID();
    private final Caller member = memberOf(organisation);

    private Caller memberOf(UUID organisation) {
        UUID user = UUID.randomUUID();
        store.member(user, organisation);
        return Caller.authenticated(user);
    }

    private CreateConnexionCommand create(Caller caller, Option<UUID> organisationId, Option<String> email,
                                          Option<Integer> limit) {
        return new CreateConnexionCommand(caller, new NewConnexion.Input(organisationId.getOrNull(), Option.none(),
                UUID.randomUUID(), Option.none(), email, Option.none(), Option.none(), limit, Option.none(),
                Option.none(), Option.none(), Option.none()));
    }

    private Connexion created() {
        return new CreateConnexionService(store, store, clock, ZONE)
                .createConnexion(create(member, Option.none(), Option.none(), Option.none())).block().get();
    }

    @Nested
    @DisplayName("createConnexion")
    class Create {

        @Test
        @DisplayName("puts a connexion without organisation into the caller's own")
        void ownOrganisation() {
            StepVerifier.create(new CreateConnexionService(store, store, clock, ZONE)
                            .createConnexion(create(member, Option.none(), Option.none(), Option.none())))
                    .assertNext(result -> assertThat(result.get().organisationId().value()).isEqualTo(organisation))
                    .verifyComplete();
        }

        @Test
        @DisplayName("refuses a caller without organisation who names none, naming organisationId")
        void noOrganisation() {
            Caller nomad = Caller.authenticated(UUID.randomUUID());
            StepVerifier.create(new CreateConnexionService(store, store, clock, ZONE)
                            .createConnexion(create(nomad, Option.none(), Option.none(), Option.none())))
                    .assertNext(result -> assertThat(result.getLeft())
                            .isInstanceOfSatisfying(ApplicationError.InvalidReference.class,
                                    e -> assertThat(e.field()).isEqualTo("organisationId")))
                    .verifyComplete();
        }

        @Test
        @DisplayName("reports every invalid field at once and stores nothing")
        void everyInvalidField() {
            StepVerifier.create(new CreateConnexionService(store, store, clock, ZONE)
                            .createConnexion(create(member, Option.none(), Option.some("pas-un-email"), Option.some(-3))))
                    .assertNext(result -> assertThat(((ApplicationError.Rejected) result.getLeft()).error())
                            .isInstanceOfSatisfying(DomainError.InvalidFields.class, e -> assertThat(e.fields())
                                    .containsExactlyInAnyOrder("accountEmail", "dailyRequestLimit")))
                    .verifyComplete();
        }
    }

    @Nested
    @DisplayName("updateConnexion, lifecycle and keys")
    class Changes {

        @Test
        @DisplayName("changes the given fields only and keeps the others")
        void partial() {
            Connexion connexion = created();
            ConnexionChanges.Input changes = new ConnexionChanges.Input(Option.none(), Option.none(), Patch.keep(),
                    Patch.keep(), Patch.keep(), Patch.set(42), Patch.set(new BigDecimal("9.99")), Option.none(),
                    Option.none());
            StepVerifier.create(new UpdateConnexionService(store, store, clock, ZONE)
                            .updateConnexion(new UpdateConnexionCommand(member, connexion.id(), changes, Option.none())))
                    .assertNext(result -> {
                        assertThat(result.get().dailyQuota().limit()).isEqualTo(Option.some(42));
                        assertThat(result.get().allowedModels()).isEqualTo(connexion.allowedModels());
                    })
                    .verifyComplete();
        }

        @Test
        @DisplayName("answers NotFound for another organisation's connexion")
        void foreign() {
            Connexion connexion = created();
            StepVerifier.create(new ConnexionLifecycleService(store, store, clock, ZONE)
                            .deactivateConnexion(memberOf(UUID.randomUUID()), connexion.id(), Option.none()))
                    .assertNext(result -> assertThat(result.getLeft()).isInstanceOf(ApplicationError.NotFound.class))
                    .verifyComplete();
        }

        @Test
        @DisplayName("refuses an illegal transition as the domain's refusal")
        void illegalTransition() {
            Connexion connexion = created();
            StepVerifier.create(new ConnexionLifecycleService(store, store, clock, ZONE)
                            .activateConnexion(member, connexion.id()))
                    .assertNext(result -> assertThat(((ApplicationError.Rejected) result.getLeft()).error())
                            .isInstanceOf(DomainError.IllegalTransition.class))
                    .verifyComplete();
            StepVerifier.create(new ConnexionLifecycleService(store, store, clock, ZONE)
                            .deactivateConnexion(member, connexion.id(), Option.some("pause")))
                    .assertNext(result -> assertThat(result.get().status()).isEqualTo(ConnexionStatus.INACTIVE))
                    .verifyComplete();
        }

        @Test
        @DisplayName("refuses a malformed key before loading anything, and never echoes it")
        void malformedKey() {
            Connexion connexion = created();
            StepVerifier.create(new ManageApiKeyService(store, store, clock)
                            .setApiKey(member, connexion.id(), "sk bad key with spaces"))
                    .assertNext(result -> assertThat(result.getLeft().message()).contains("apiKey")
                            .doesNotContain("bad key"))
                    .verifyComplete();
            assertThat(store.loadConnexion(member, connexion.id()).block().get().apiKey().isEmpty()).isTrue();
        }

        @Test
        @DisplayName("deletes, then answers NotFound")
        void delete() {
            Connexion connexion = created();
            DeleteConnexionService service = new DeleteConnexionService(store);
            StepVerifier.create(service.deleteConnexion(member, connexion.id()))
                    .assertNext(result -> assertThat(result.get()).isEqualTo(connexion.id())).verifyComplete();
            StepVerifier.create(service.deleteConnexion(member, connexion.id()))
                    .assertNext(result -> assertThat(result.getLeft()).isInstanceOf(ApplicationError.NotFound.class))
                    .verifyComplete();
        }
    }

    @Test
    @DisplayName("lists only what the caller may see")
    void listing() {
        created();
        List<Connexion> seen = new ListConnexionsService(store).listConnexions(
                new fr.presenca.connexion.application.port.in.ListConnexionsQuery(memberOf(UUID.randomUUID()),
                        fr.presenca.connexion.application.listing.ConnexionCriteria.all(),
                        new fr.presenca.connexion.application.listing.PageRequest(10, Option.none()))).block().items();
        assertThat(seen).isEmpty();
    }
}
