package fr.presenca.connexion.domain.connexion;

import io.vavr.control.Option;

import java.util.Objects;

/** The result of an explicit command: the new connexion and the event describing the change. */
public record Transition(Connexion connexion, ConnexionEvent event) {

    public Transition {
        Objects.requireNonNull(connexion, "connexion");
        Objects.requireNonNull(event, "event");
    }

    /** Attributes the change to a user (audit updatedBy); commands leave it unattributed. */
    public Transition by(Option<UserId> user) {
        return new Transition(connexion.attributedTo(user), event);
    }

    public Transition by(UserId user) {
        return by(Option.some(user));
    }
}
