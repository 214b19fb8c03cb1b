package fr.presenca.connexion.application.port.in;

import java.util.Objects;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.domain.connexion.ConnexionChanges;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import io.vavr.control.Option;

/** A partial change of a connexion's editable fields, and optionally a new API key. */
public record UpdateConnexionCommand(Caller caller, ConnexionId id, ConnexionChanges.Input changes,
                                     Option<String> apiKey) {

    public UpdateConnexionCommand {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(changes, "changes");
        Objects.requireNonNull(apiKey, "apiKey");
    }
}
