package fr.presenca.connexion.application.write;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.ConnexionAttribute;
import fr.presenca.connexion.domain.connexion.Transition;
import io.vavr.control.Option;

/**
 * What a port writes for one change of a connexion, on every path (management, lifecycle, verification, metering): the
 * domain's change (the attributes it changed, the state they were changed on - their expected stored values - and the
 * new state) and one journal entry per event. Built in one place, {@link #of}.
 */
public record ConnexionWrite(Transition change, List<AuditEntry> entries) {

    public ConnexionWrite {
        Objects.requireNonNull(change, "change");
        entries = List.copyOf(entries);
    }

    /** The domain's change, its events journalled as done by {@code by}. */
    public static ConnexionWrite of(Transition change, UUID by) {
        Objects.requireNonNull(by, "by");
        return new ConnexionWrite(change, change.events().stream().map(event -> AuditEntry.of(event, by)).toList());
    }

    /** The state the change was made on; None for a new connexion. */
    public Option<Connexion> before() {
        return change.before();
    }

    public Connexion connexion() {
        return change.connexion();
    }

    public Set<ConnexionAttribute> changed() {
        return change.changed();
    }

    /** The state the changed attributes were read from; a new connexion has none. */
    public Connexion expected() {
        return before().getOrElseThrow(() -> new IllegalStateException("a new connexion has no expected state"));
    }

    /** Nothing to write: no attribute changed and nothing is journalled. */
    public boolean isEmpty() {
        return changed().isEmpty() && entries.isEmpty();
    }
}
