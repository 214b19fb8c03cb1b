package fr.presenca.connexion.application.port.in;

import java.util.Objects;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.domain.connexion.NewConnexion;

/**
 * A new connexion as a client asks for it, its fields still raw (the domain validates them all at once). Without an
 * {@code organisationId} (null) the connexion belongs to the caller's own organisation; its creator is always the
 * caller, whatever {@code createdBy} the fields carry.
 */
public record CreateConnexionCommand(Caller caller, NewConnexion.Input fields) {

    public CreateConnexionCommand {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(fields, "fields");
    }
}
