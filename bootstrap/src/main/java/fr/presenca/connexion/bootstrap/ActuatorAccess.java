package fr.presenca.connexion.bootstrap;

import java.net.InetSocketAddress;

import fr.presenca.connexion.application.caller.CallerRole;
import org.springframework.core.env.Environment;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import reactor.core.publisher.Mono;

/**
 * Who may read {@code /actuator/prometheus}: on the service's port, a {@code service_role} token (401 without a
 * token, 403 with another role); on a separate {@code MANAGEMENT_SERVER_PORT}, anyone (that port is the operator's
 * to expose).
 */
final class ActuatorAccess implements ReactiveAuthorizationManager<AuthorizationContext> {

    private final Environment environment;

    ActuatorAccess(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Mono<AuthorizationResult> authorize(Mono<Authentication> authentication, AuthorizationContext context) {
        if (onManagementPort(context)) {
            return Mono.just(new AuthorizationDecision(true));
        }
        return authentication
                .map(caller -> (AuthorizationResult) new AuthorizationDecision(isServiceRole(caller)))
                .defaultIfEmpty(new AuthorizationDecision(false));
    }

    private boolean onManagementPort(AuthorizationContext context) {
        // Spring Boot sets it when the management server listens; the same as the server's when they share a port.
        Integer managementPort = environment.getProperty("local.management.port", Integer.class);
        Integer serverPort = environment.getProperty("local.server.port", Integer.class);
        InetSocketAddress local = context.getExchange().getRequest().getLocalAddress();
        return managementPort != null && !managementPort.equals(serverPort) && local != null
                && local.getPort() == managementPort;
    }

    private static boolean isServiceRole(Authentication caller) {
        return caller instanceof JwtAuthenticationToken token && caller.isAuthenticated()
                && CallerRole.fromClaim(token.getToken().getClaimAsString("role"))
                .filter(CallerRole.SERVICE_ROLE::equals).isPresent();
    }
}
