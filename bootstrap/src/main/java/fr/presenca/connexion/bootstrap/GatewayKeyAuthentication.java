package fr.presenca.connexion.bootstrap;

import java.util.List;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.domain.gatewaykey.GatewayKeyText;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A request presenting a gateway key: its caller (the key's id and hash, never its text). Accepted by the security
 * chain on its shape; the call's first read refuses an unknown, revoked or expired key with 401.
 */
final class GatewayKeyAuthentication extends AbstractAuthenticationToken {

    private final Caller caller;

    GatewayKeyAuthentication(GatewayKeyText key) {
        super(List.of());
        this.caller = Caller.gatewayKey(key);
        setAuthenticated(true);
    }

    Caller caller() {
        return caller;
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public Object getPrincipal() {
        return caller.subject();
    }
}
