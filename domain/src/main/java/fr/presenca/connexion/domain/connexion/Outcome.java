package fr.presenca.connexion.domain.connexion;

import io.vavr.control.Option;

import java.util.Objects;

/**
 * The result of an automatic evolution (refresh, recorded usage): the new connexion and, when its
 * status changed, the event (QuotaExceeded or QuotaRestored).
 */
public record Outcome(Connexion connexion, Option<ConnexionEvent> event) {

    public Outcome {
        Objects.requireNonNull(connexion, "connexion");
        Objects.requireNonNull(event, "event");
    }
}
