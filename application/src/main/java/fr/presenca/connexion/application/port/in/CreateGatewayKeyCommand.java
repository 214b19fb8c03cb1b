package fr.presenca.connexion.application.port.in;

import java.time.Instant;
import java.util.Objects;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import io.vavr.control.Option;

/** createGatewayKey's input: the connexion the key calls with, its name, and when it stops working (if ever). */
public record CreateGatewayKeyCommand(Caller caller, ConnexionId connexionId, String name, Option<Instant> expiresAt) {

    public CreateGatewayKeyCommand {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(connexionId, "connexionId");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
