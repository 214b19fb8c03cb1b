package fr.presenca.connexion.application.verification;

import java.util.Objects;

import fr.presenca.connexion.domain.connexion.Connexion;

/** A key check's result: the connexion as it now is, and what OpenAI's answer said. */
public record KeyCheck(Connexion connexion, KeyVerdict verdict) {

    public KeyCheck {
        Objects.requireNonNull(connexion, "connexion");
        Objects.requireNonNull(verdict, "verdict");
    }
}
