package fr.presenca.connexion.application.port;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.application.listing.ConnexionCriteria;
import fr.presenca.connexion.application.listing.Page;
import fr.presenca.connexion.application.listing.PageCursor;
import fr.presenca.connexion.application.listing.PageRequest;
import fr.presenca.connexion.application.write.AuditEntry;
import fr.presenca.connexion.application.write.ConnexionWrite;
import fr.presenca.connexion.domain.connexion.ConnexionAttribute;
import fr.presenca.connexion.application.port.out.DeleteConnexionPort;
import fr.presenca.connexion.application.port.out.ListConnexionsPort;
import fr.presenca.connexion.application.port.out.LoadConnexionPort;
import fr.presenca.connexion.application.port.out.SaveConnexionPort;
import fr.presenca.connexion.domain.connexion.AllowedModels;
import fr.presenca.connexion.domain.connexion.ApiKey;
import fr.presenca.connexion.domain.connexion.ClientId;
import fr.presenca.connexion.domain.connexion.JsonDocument;
import fr.presenca.connexion.domain.connexion.OpenAiOrganisationId;
import fr.presenca.connexion.domain.connexion.OpenAiProjectId;
import fr.presenca.connexion.domain.connexion.UserId;
import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.ConnexionChanges;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.connexion.EmailAddress;
import fr.presenca.connexion.domain.connexion.NewConnexion;
import fr.presenca.connexion.domain.connexion.OrganisationId;
import fr.presenca.connexion.domain.connexion.Patch;
import fr.presenca.connexion.domain.connexion.Transition;
import fr.presenca.connexion.domain.cost.Usd;
import io.vavr.control.Either;
import io.vavr.control.Option;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What every implementation of the connexion ports must do, run against the in-memory fake and against the
 * R2DBC adapter on PostgreSQL, so that service tests on the fake mean something for the real thing.
 */
public abstract class ConnexionPortsContract {

    protected static final ZoneId ZONE = ZoneId.of("Europe/Paris");

    protected abstract LoadConnexionPort load();

    protected abstract ListConnexionsPort list();

    protected abstract SaveConnexionPort save();

    protected abstract DeleteConnexionPort delete();

    /** A new organisation, known to the store. */
    protected abstract UUID newOrganisation();

    /** A user of {@code organisation}, as an authenticated caller. */
    protected abstract Caller memberOf(UUID organisation);

    /** A PRESENCA administrator, as an authenticated caller. */
    protected abstract Caller admin();

    private Instant clock = Instant.parse("2026-11-26T09:00:00Z");

    private Connexion stored(Caller caller, UUID organisation) {
        clock = clock.plusSeconds(1);
        Transition created = Connexion.create(new ConnexionId(UUID.randomUUID()),
                NewConnexion.minimal(new OrganisationId(organisation), new ClientId(UUID.randomUUID())), clock, ZONE).get();
        Either<ApplicationError, Connexion> result = save()
                .insertConnexion(caller, ConnexionWrite.of(created, caller.subject())).block();
        assertThat(result.isRight()).as("insert: %s", result).isTrue();
        return result.get();
    }

    private Connexion changed(Connexion before, ConnexionChanges changes) {
        return before.update(changes, io.vavr.control.Option.none(), clock, ZONE).get().connexion();
    }

    private AuditEntry entry(Caller caller) {
        return new AuditEntry(clock, caller.subject(), "updated", List.of(), Option.none());
    }

    /** The write of {@code after} over {@code before}: the attributes that differ, journalled as {@code caller}'s. */
    private ConnexionWrite write(Connexion before, Connexion after, Caller caller) {
        return new ConnexionWrite(Transition.of(before, after, List.of()), List.of(entry(caller)));
    }

    /** Every attribute of {@code actual} as in {@code expected}: a new attribute is checked without a new line here. */
    private static void sameAttributes(Connexion actual, Connexion expected) {
        for (ConnexionAttribute attribute : ConnexionAttribute.values()) {
            assertThat(attribute.valueIn(actual.state())).as(attribute.field())
                    .isEqualTo(attribute.valueIn(expected.state()));
        }
    }

    private Connexion saved(Caller caller, Either<?, Transition> command) {
        Either<ApplicationError, Connexion> result = save().updateConnexion(caller,
                ConnexionWrite.of(command.get(), caller.subject())).block();
        assertThat(result.isRight()).as("update: %s", result).isTrue();
        return load().loadConnexion(caller, result.get().id()).block().get();
    }

    @Test
    @DisplayName("every attribute is stored as the domain wrote it: at insert, at an edit of them all, by each lifecycle command")
    void everyAttributeIsStoredAsWritten() {
        UUID organisation = newOrganisation();
        Caller member = memberOf(organisation);
        NewConnexion request = new NewConnexion(new OrganisationId(organisation),
                Option.some(fr.presenca.connexion.domain.connexion.ClientType.RESEAU_AGENCE), new ClientId(UUID.randomUUID()),
                Option.some(ApiKey.of("sk-proj-stored" + UUID.randomUUID().toString().replace("-", "")).get()),
                Option.some(EmailAddress.of("ops@agence.example").get()), Option.some(OpenAiOrganisationId.of("org-stored").get()),
                Option.some(OpenAiProjectId.of("proj_stored").get()), Option.some(50), Option.some(Usd.of("12.5000")),
                Option.some(AllowedModels.of(List.of("gpt-4o", "gpt-4o-mini")).get()),
                Option.some(new JsonDocument("{\"tier\": \"gold\"}")), Option.some(new UserId(member.subject())));
        Transition created = Connexion.create(new ConnexionId(UUID.randomUUID()), request, clock, ZONE).get();
        Either<ApplicationError, Connexion> inserted = save().insertConnexion(member,
                ConnexionWrite.of(created, member.subject())).block();
        assertThat(inserted.isRight()).as("insert: %s", inserted).isTrue();
        Connexion stored = load().loadConnexion(member, created.connexion().id()).block().get();
        sameAttributes(stored, created.connexion());

        clock = clock.plusSeconds(1);
        Either<?, Transition> edit = stored.update(ConnexionChanges.none()
                        .withClientType(fr.presenca.connexion.domain.connexion.ClientType.AGENCE_INDEPENDANTE)
                        .withClientId(new ClientId(UUID.randomUUID()))
                        .withAccountEmail(Patch.clear())
                        .withOpenaiOrganisationId(Patch.set(OpenAiOrganisationId.of("org-edited").get()))
                        .withOpenaiProjectId(Patch.clear())
                        .withDailyRequestLimit(Patch.clear())
                        .withMonthlyCostLimit(Patch.set(Usd.of("99.0000")))
                        .withAllowedModels(AllowedModels.of(List.of("gpt-4o-mini")).get())
                        .withExtensions(new JsonDocument("{\"tier\": \"silver\"}")),
                Option.some(ApiKey.of("sk-proj-edited" + UUID.randomUUID().toString().replace("-", "")).get()), clock, ZONE);
        Connexion edited = saved(member, edit);
        sameAttributes(edited, edit.get().connexion());

        clock = clock.plusSeconds(1);
        Either<?, Transition> failure = edited.recordFailure("upstream said no", clock);
        Connexion failed = saved(member, failure);
        sameAttributes(failed, failure.get().connexion());

        clock = clock.plusSeconds(1);
        Either<?, Transition> sync = failed.recordSync(clock);
        Connexion synced = saved(member, sync);
        sameAttributes(synced, sync.get().connexion());

        clock = clock.plusSeconds(1);
        Either<?, Transition> pause = synced.deactivate(Option.some("pause"), clock);
        Connexion paused = saved(member, pause);
        sameAttributes(paused, pause.get().connexion());

        clock = clock.plusSeconds(1);
        Either<?, Transition> resume = paused.activate(clock, ZONE);
        Connexion resumed = saved(member, resume);
        sameAttributes(resumed, resume.get().connexion());

        clock = clock.plusSeconds(1);
        Either<?, Transition> keyless = resumed.withoutApiKey(clock);
        sameAttributes(saved(member, keyless), keyless.get().connexion());
    }

    @Test
    @DisplayName("a member stores a connexion in their organisation and loads it back, journal included")
    void insertAndLoad() {
        UUID organisation = newOrganisation();
        Caller member = memberOf(organisation);
        Connexion connexion = stored(member, organisation);

        Connexion loaded = load().loadConnexion(member, connexion.id()).block().get();
        assertThat(loaded.organisationId()).isEqualTo(connexion.organisationId());
        assertThat(loaded.clientId()).isEqualTo(connexion.clientId());
        assertThat(loaded.clientType()).isEqualTo(connexion.clientType());
        assertThat(loaded.status()).isEqualTo(connexion.status());
        assertThat(loaded.allowedModels()).isEqualTo(connexion.allowedModels());
        assertThat(loaded.dailyQuota().limit()).isEqualTo(connexion.dailyQuota().limit());
        assertThat(loaded.auditLog().json()).contains("created");
    }

    @Test
    @DisplayName("a member may not store a connexion in another organisation")
    void insertElsewhereIsForbidden() {
        UUID mine = newOrganisation();
        UUID theirs = newOrganisation();
        Transition created = Connexion.create(new ConnexionId(UUID.randomUUID()),
                NewConnexion.minimal(new OrganisationId(theirs), new ClientId(UUID.randomUUID())), clock, ZONE).get();
        Caller member = memberOf(mine);
        Either<ApplicationError, Connexion> result = save()
                .insertConnexion(member, ConnexionWrite.of(created, member.subject())).block();
        assertThat(result.getLeft()).isInstanceOf(ApplicationError.Forbidden.class);
        assertThat(load().loadConnexion(admin(), created.connexion().id()).block().isEmpty()).isTrue();
    }

    @Test
    @DisplayName("another organisation's member can neither load, list, update nor delete it; an admin can see it")
    void isolation() {
        UUID organisation = newOrganisation();
        Connexion connexion = stored(memberOf(organisation), organisation);
        Caller stranger = memberOf(newOrganisation());

        assertThat(load().loadConnexion(stranger, connexion.id()).block().isEmpty()).isTrue();
        assertThat(list().listConnexions(stranger, ConnexionCriteria.all(), new PageRequest(100, Option.none()))
                .block().items()).noneMatch(c -> c.id().equals(connexion.id()));
        Connexion edited = changed(connexion, ConnexionChanges.none().withDailyRequestLimit(Patch.set(5)));
        assertThat(save().updateConnexion(stranger, write(connexion, edited, stranger)).block().getLeft())
                .isInstanceOf(ApplicationError.NotFound.class);
        assertThat(delete().deleteConnexion(stranger, connexion.id()).block()).isFalse();
        assertThat(load().loadConnexion(admin(), connexion.id()).block().isDefined()).isTrue();
    }

    @Test
    @DisplayName("a listing walks every connexion once, in a stable order, page by page")
    void pagination() {
        UUID organisation = newOrganisation();
        Caller member = memberOf(organisation);
        List<ConnexionId> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(stored(member, organisation).id());
        }
        List<ConnexionId> seen = new ArrayList<>();
        Option<PageCursor> after = Option.none();
        boolean more = true;
        while (more) {
            Page<Connexion> page = list().listConnexions(member,
                    new ConnexionCriteria(Option.some(new OrganisationId(organisation)), Option.none(), Option.none(),
                            Option.none(), Option.none()), new PageRequest(2, after)).block();
            page.items().forEach(c -> seen.add(c.id()));
            after = Option.of(page.items().isEmpty() ? null : PageCursor.of(page.items().get(page.items().size() - 1)));
            more = page.hasNext();
        }
        assertThat(seen).containsExactlyElementsOf(created);
    }

    @Test
    @DisplayName("a change from a stale read of the same field is a Conflict; a change of another field still applies")
    void fieldLevelOptimisticLocking() {
        UUID organisation = newOrganisation();
        Caller member = memberOf(organisation);
        Connexion before = stored(member, organisation);

        Connexion first = changed(before, ConnexionChanges.none().withDailyRequestLimit(Patch.set(10)));
        assertThat(save().updateConnexion(member, write(before, first, member)).block().isRight()).isTrue();

        Connexion sameField = changed(before, ConnexionChanges.none().withDailyRequestLimit(Patch.set(20)));
        assertThat(save().updateConnexion(member, write(before, sameField, member)).block().getLeft())
                .isInstanceOf(ApplicationError.Conflict.class);

        Connexion otherField = changed(before, ConnexionChanges.none().withMonthlyCostLimit(Patch.set(Usd.of("7.5"))));
        Connexion result = save().updateConnexion(member, write(before, otherField, member)).block().get();
        assertThat(result.dailyQuota().limit()).isEqualTo(Option.some(10));
        assertThat(result.monthlyBudget().limit()).isEqualTo(Option.some(Usd.of("7.5")));
    }

    @Test
    @DisplayName("an edit of another field after a due daily reset never conflicts with the counters' write; two edits of one field still do")
    void editAfterDueResetDoesNotConflict() {
        UUID organisation = newOrganisation();
        Caller member = memberOf(organisation);
        Connexion before = stored(member, organisation);
        Instant nextDay = clock.plus(java.time.Duration.ofDays(1));

        // The counters written in the meantime, as the metering does when the reset is due.
        Transition reset = before.refresh(nextDay, ZONE).change();
        assertThat(reset.changed()).isNotEmpty();
        assertThat(save().updateConnexion(member, write(before, reset.connexion(), member)).block().isRight()).isTrue();

        EmailAddress email = EmailAddress.of("ops@example.com").get();
        Connexion edited = before.update(ConnexionChanges.none().withAccountEmail(Patch.set(email)), Option.none(),
                nextDay, ZONE).get().connexion();
        Either<ApplicationError, Connexion> saved = save().updateConnexion(member, write(before, edited, member)).block();
        assertThat(saved.isRight()).as("edit after the counters moved: %s", saved).isTrue();
        assertThat(saved.get().accountEmail()).contains(email);
        assertThat(saved.get().dailyQuota().resetAt()).isEqualTo(reset.connexion().dailyQuota().resetAt());

        Connexion again = before.update(ConnexionChanges.none().withAccountEmail(Patch.set(EmailAddress.of("b@example.com").get())),
                Option.none(), nextDay, ZONE).get().connexion();
        assertThat(save().updateConnexion(member, write(before, again, member)).block().getLeft())
                .isInstanceOf(ApplicationError.Conflict.class);
    }

    @Test
    @DisplayName("a deleted connexion is gone")
    void deletion() {
        UUID organisation = newOrganisation();
        Caller member = memberOf(organisation);
        Connexion connexion = stored(member, organisation);
        assertThat(delete().deleteConnexion(member, connexion.id()).block()).isTrue();
        assertThat(load().loadConnexion(member, connexion.id()).block().isEmpty()).isTrue();
        assertThat(delete().deleteConnexion(member, connexion.id()).block()).isFalse();
    }
}
