package fr.presenca.connexion.domain.connexion;

import io.vavr.control.Option;

import java.util.Objects;

/**
 * The result of an automatic evolution (refresh, recorded usage): the change, whose event, when the status moved,
 * is QuotaExceeded or QuotaRestored.
 */
public record Outcome(Transition change) {

    public Outcome {
        Objects.requireNonNull(change, "change");
    }

    public Connexion connexion() {
        return change.connexion();
    }

    public Option<ConnexionEvent> event() {
        return Option.ofOptional(change.events().stream().findFirst());
    }
}
