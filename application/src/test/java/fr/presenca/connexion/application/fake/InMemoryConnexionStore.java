package fr.presenca.connexion.application.fake;

import java.lang.reflect.RecordComponent;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.caller.CallerRole;
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
import fr.presenca.connexion.application.port.out.LoadCallerOrganisationPort;
import fr.presenca.connexion.application.port.out.LoadConnexionPort;
import fr.presenca.connexion.application.port.out.SaveConnexionPort;
import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.connexion.ConnexionState;
import fr.presenca.connexion.domain.connexion.JsonDocument;
import fr.presenca.connexion.domain.connexion.OrganisationId;
import io.vavr.control.Either;
import io.vavr.control.Option;
import reactor.core.publisher.Mono;

/**
 * The connexion ports in memory, with the same visibility as the database's row-level security (admins and
 * service_role see everything, members their organisation) and the same field-level optimistic locking.
 */
public final class InMemoryConnexionStore implements LoadConnexionPort, ListConnexionsPort, SaveConnexionPort,
        DeleteConnexionPort, LoadCallerOrganisationPort {

    private final Map<ConnexionId, Connexion> rows = new ConcurrentHashMap<>();
    private final Map<UUID, UUID> organisationOfUser = new ConcurrentHashMap<>();
    private final Set<UUID> admins = ConcurrentHashMap.newKeySet();

    public void member(UUID user, UUID organisation) {
        organisationOfUser.put(user, organisation);
    }

    public void admin(UUID user) {
        admins.add(user);
    }

    /** Every stored connexion, whoever may see it (what service_role sees). */
    public List<Connexion> stored() {
        return List.copyOf(rows.values());
    }

    private boolean sees(Caller caller, OrganisationId organisation) {
        return caller.role() == CallerRole.SERVICE_ROLE || admins.contains(caller.subject())
                || organisation.value().equals(organisationOfUser.get(caller.subject()));
    }

    @Override
    public Mono<Option<OrganisationId>> loadCallerOrganisation(Caller caller) {
        return Mono.just(Option.of(organisationOfUser.get(caller.subject())).map(OrganisationId::new));
    }

    @Override
    public Mono<Option<Connexion>> loadConnexion(Caller caller, ConnexionId id) {
        return Mono.just(Option.of(rows.get(id)).filter(c -> sees(caller, c.organisationId())));
    }

    @Override
    public Mono<Page<Connexion>> listConnexions(Caller caller, ConnexionCriteria criteria, PageRequest page) {
        Comparator<Connexion> order = Comparator.comparing((Connexion c) -> c.audit().createdAt())
                .thenComparing(c -> c.id().value());
        List<Connexion> matching = rows.values().stream()
                .filter(c -> sees(caller, c.organisationId()))
                .filter(c -> criteria.organisationId().forAll(c.organisationId()::equals))
                .filter(c -> criteria.clientType().forAll(c.clientType()::equals))
                .filter(c -> criteria.clientId().forAll(c.clientId()::equals))
                .filter(c -> criteria.status().forAll(c.status()::equals))
                .filter(c -> criteria.active().forAll(a -> a == c.active()))
                .filter(c -> page.after().forAll(after -> order.compare(c, probe(after, c)) > 0))
                .sorted(order)
                .toList();
        return Mono.just(new Page<>(matching.stream().limit(page.size()).toList(), matching.size() > page.size()));
    }

    /** A stand-in placed at the cursor's position, to compare with the same order. */
    private static Connexion probe(PageCursor cursor, Connexion like) {
        ConnexionState state = like.state();
        return Connexion.restore(new ConnexionState(new ConnexionId(cursor.id()), state.organisationId(),
                state.clientType(), state.clientId(), state.apiKey(), state.accountEmail(),
                state.openaiOrganisationId(), state.openaiProjectId(), state.active(), state.activatedAt(),
                state.lastSyncAt(), state.status(), state.lastError(), state.dailyQuota(), state.allowedModels(),
                state.monthlyBudget(), new fr.presenca.connexion.domain.connexion.AuditStamp(cursor.createdAt(),
                        Option.none(), cursor.createdAt(), Option.none()), state.auditLog(), state.extensions())).get();
    }

    @Override
    public synchronized Mono<Either<ApplicationError, Connexion>> insertConnexion(Caller caller, ConnexionWrite write) {
        Connexion connexion = write.connexion();
        if (!sees(caller, connexion.organisationId())) {
            return Mono.just(Either.left(new ApplicationError.Forbidden("The caller may not write this connexion")));
        }
        Connexion stored = withJournal(connexion.state(), "{\"entries\":[" + json(write.entries()) + "]}");
        rows.put(stored.id(), stored);
        return Mono.just(Either.right(stored));
    }

    @Override
    public synchronized Mono<Either<ApplicationError, Connexion>> updateConnexion(Caller caller, ConnexionWrite write) {
        Connexion before = write.expected();
        Connexion current = rows.get(before.id());
        if (current == null || !sees(caller, current.organisationId())) {
            return Mono.just(Either.left(new ApplicationError.NotFound("No connexion " + before.id().value())));
        }
        Set<String> changed = new HashSet<>();
        for (ConnexionAttribute attribute : write.changed()) {
            if (attribute != ConnexionAttribute.API_KEY
                    && !attribute.valueIn(before.state()).equals(attribute.valueIn(current.state()))) {
                return Mono.just(Either.left(new ApplicationError.Conflict("The connexion changed since it was read")));
            }
            changed.addAll(attribute.components());
        }
        ConnexionState merged = merge(current.state(), write.connexion().state(), changed);
        String log = current.auditLog().json();
        String entries = log.contains("[") ? log.substring(log.indexOf('[') + 1, log.lastIndexOf(']')) : "";
        String added = json(write.entries());
        Connexion stored = withJournal(merged, "{\"entries\":[" + String.join(",", java.util.stream.Stream.of(entries, added)
                .filter(part -> !part.isBlank()).toList()) + "]}");
        rows.put(stored.id(), stored);
        return Mono.just(Either.right(stored));
    }

    @Override
    public synchronized Mono<Boolean> deleteConnexion(Caller caller, ConnexionId id) {
        Connexion current = rows.get(id);
        return Mono.just(current != null && sees(caller, current.organisationId()) && rows.remove(id) != null);
    }

    private static ConnexionState merge(ConnexionState current, ConnexionState after, Set<String> changed) {
        RecordComponent[] components = ConnexionState.class.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = value(components[i], changed.contains(components[i].getName()) ? after : current);
        }
        try {
            return ConnexionState.class.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object value(RecordComponent component, ConnexionState state) {
        try {
            return component.getAccessor().invoke(state);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The state with this journal, as the database's statement writes it beside the change. */
    private static Connexion withJournal(ConnexionState state, String journal) {
        return Connexion.restore(new ConnexionState(state.id(), state.organisationId(), state.clientType(),
                state.clientId(), state.apiKey(), state.accountEmail(), state.openaiOrganisationId(),
                state.openaiProjectId(), state.active(), state.activatedAt(), state.lastSyncAt(), state.status(),
                state.lastError(), state.dailyQuota(), state.allowedModels(), state.monthlyBudget(), state.audit(),
                new JsonDocument(journal), state.extensions())).get();
    }

    private static String json(List<AuditEntry> entries) {
        return String.join(",", entries.stream()
                .map(entry -> "{\"action\":\"" + entry.action() + "\",\"by\":\"" + entry.by() + "\"}").toList());
    }
}
