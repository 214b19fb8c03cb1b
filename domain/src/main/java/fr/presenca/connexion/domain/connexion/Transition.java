package fr.presenca.connexion.domain.connexion;

import io.vavr.control.Option;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One change of a connexion, the only description a write needs: the state it was made on (None for a new
 * connexion), the new connexion, the attributes that differ between the two (a write compares their stored values
 * with {@code before}'s and sets them to the new ones) and what happened, as events (the journal's entries).
 */
public record Transition(Option<Connexion> before, Connexion connexion, Set<ConnexionAttribute> changed,
                         List<ConnexionEvent> events) {

    public Transition {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(connexion, "connexion");
        changed = Collections.unmodifiableSet(changed.isEmpty() ? EnumSet.noneOf(ConnexionAttribute.class)
                : EnumSet.copyOf(changed));
        events = List.copyOf(events);
        if (before.exists(old -> !old.id().equals(connexion.id()))) {
            throw new IllegalArgumentException("a change is of one connexion");
        }
    }

    /** From {@code before} to {@code after}: the changed attributes are those whose values differ. */
    public static Transition of(Connexion before, Connexion after, List<ConnexionEvent> events) {
        return new Transition(Option.some(before), after,
                ConnexionAttribute.changedBetween(before.state(), after.state()), events);
    }

    public static Transition of(Connexion before, Connexion after, ConnexionEvent event) {
        return of(before, after, List.of(event));
    }

    /** A new connexion: every attribute is written, nothing is compared. */
    public static Transition created(Connexion connexion, ConnexionEvent event) {
        return new Transition(Option.none(), connexion, EnumSet.allOf(ConnexionAttribute.class), List.of(event));
    }

    /** The event of an explicit command (one each); automatic evolutions may have none, see {@link #events()}. */
    public ConnexionEvent event() {
        if (events.isEmpty()) {
            throw new IllegalStateException("this change has no event");
        }
        return events.get(0);
    }

    /** Nothing to write: no attribute changed and nothing happened. */
    public boolean isEmpty() {
        return changed.isEmpty() && events.isEmpty();
    }
}
