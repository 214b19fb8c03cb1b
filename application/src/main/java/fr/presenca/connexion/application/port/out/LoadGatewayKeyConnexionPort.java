package fr.presenca.connexion.application.port.out;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.domain.connexion.Connexion;
import io.vavr.control.Option;
import reactor.core.publisher.Mono;

/**
 * A gateway call's first read: the connexion of the caller's gateway key, in the same statement that checks the key
 * (not revoked, not expired) and notes its use (at most once a minute). None for an unknown, revoked or expired key.
 */
public interface LoadGatewayKeyConnexionPort {

    Mono<Option<Connexion>> loadConnexionOfGatewayKey(Caller caller);
}
