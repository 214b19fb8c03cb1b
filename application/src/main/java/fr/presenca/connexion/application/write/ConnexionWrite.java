package fr.presenca.connexion.application.write;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.ConnexionAttribute;
import fr.presenca.connexion.domain.connexion.Transition;
import io.vavr.control.Option;

/**
 * What a port writes for one change of a connexion, on every path (management, lifecycle, verification, metering):
 * the attributes the domain changed, the state they were changed on (their expected stored values; None for a new
 * connexion), the new state, and one journal entry per event. Built in one place, {@link #of}.
 */
public record ConnexionWrite(Option<Connexion> before, Connexion connexion, Set<ConnexionAttribute> changed,
                             List<AuditEntry> entries) {

    public ConnexionWrite {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(connexion, "connexion");
        changed = Collections.unmodifiableSet(changed.isEmpty() ? EnumSet.noneOf(ConnexionAttribute.class)
                : EnumSet.copyOf(changed));
        entries = List.copyOf(entries);
        if (before.exists(old -> !old.id().equals(connexion.id()))) {
            throw new IllegalArgumentException("a write changes one connexion");
        }
    }

    /** The domain's change, its events journalled as done by {@code by}. */
    public static ConnexionWrite of(Transition change, UUID by) {
        Objects.requireNonNull(by, "by");
        return new ConnexionWrite(change.before(), change.connexion(), change.changed(),
                change.events().stream().map(event -> AuditEntry.of(event, by)).toList());
    }

    /** The state the changed attributes were read from; a new connexion has none. */
    public Connexion expected() {
        return before.getOrElseThrow(() -> new IllegalStateException("a new connexion has no expected state"));
    }

    /** Nothing to write: no attribute changed and nothing is journalled. */
    public boolean isEmpty() {
        return changed.isEmpty() && entries.isEmpty();
    }
}
