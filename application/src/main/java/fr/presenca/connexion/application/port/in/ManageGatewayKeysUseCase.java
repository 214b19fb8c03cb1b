package fr.presenca.connexion.application.port.in;

import java.util.List;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.gatewaykey.GatewayKey;
import fr.presenca.connexion.domain.gatewaykey.GatewayKeyId;
import fr.presenca.connexion.domain.gatewaykey.GatewayKeyText;
import io.vavr.control.Either;
import reactor.core.publisher.Mono;

/**
 * Gateway keys of a connexion, managed by whoever may change the connexion. A key's text exists only in the answer
 * that creates it.
 */
public interface ManageGatewayKeysUseCase {

    /** A created key: its text, shown this once, and the key as stored. */
    record IssuedGatewayKey(GatewayKeyText text, GatewayKey key) {
    }

    Mono<Either<ApplicationError, IssuedGatewayKey>> createGatewayKey(CreateGatewayKeyCommand command);

    Mono<Either<ApplicationError, List<GatewayKey>>> gatewayKeys(Caller caller, ConnexionId connexionId);

    /** Revokes the key at once, on every instance; revoking a revoked key answers it as it is. */
    Mono<Either<ApplicationError, GatewayKey>> revokeGatewayKey(Caller caller, GatewayKeyId id);
}
