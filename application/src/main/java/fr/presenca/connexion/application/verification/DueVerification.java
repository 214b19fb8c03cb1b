package fr.presenca.connexion.application.verification;

import java.util.Objects;

import fr.presenca.connexion.domain.connexion.ConnexionId;

/**
 * A connexion whose stored key is due for a periodic check.
 *
 * @param failures the checks in a row that got no verdict (OpenAI out of reach, a 5xx…): the next delay grows with it
 */
public record DueVerification(ConnexionId connexionId, int failures) {

    public DueVerification {
        Objects.requireNonNull(connexionId, "connexionId");
        if (failures < 0) {
            throw new IllegalArgumentException("failures cannot be negative");
        }
    }
}
