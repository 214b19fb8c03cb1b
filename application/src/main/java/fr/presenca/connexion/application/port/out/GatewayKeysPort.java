package fr.presenca.connexion.application.port.out;

import java.util.List;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.write.AuditEntry;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.gatewaykey.GatewayKey;
import fr.presenca.connexion.domain.gatewaykey.GatewayKeyId;
import io.vavr.control.Option;
import reactor.core.publisher.Mono;

/**
 * Stores gateway keys (their hash, never their text) under the caller's row-level security, each change with its
 * entry in the connexion's audit journal, in one transaction. A connexion or key the caller may not see is absent.
 */
public interface GatewayKeysPort {

    /** The key as stored; none when the caller may not see (or change) the connexion. */
    Mono<Option<GatewayKey>> insertGatewayKey(Caller caller, GatewayKey.Issue issue, AuditEntry entry);

    /** The connexion's keys, oldest first; none when the caller may not see the connexion. */
    Mono<Option<List<GatewayKey>>> listGatewayKeys(Caller caller, ConnexionId connexionId);

    /**
     * Sets {@code revokedAt} (the database's time) unless already set, appending {@code entry} then only; the key as
     * stored, or none when the caller may not see it.
     */
    Mono<Option<GatewayKey>> revokeGatewayKey(Caller caller, GatewayKeyId id, java.util.function.Function<GatewayKey, AuditEntry> entry);
}
