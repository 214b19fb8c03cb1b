package fr.presenca.connexion.bootstrap;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import fr.presenca.connexion.application.port.in.EnsureAdministratorUseCase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * At start-up: makes sure {@code PRESENCA_BOOTSTRAP_ADMIN_ID} is a PRESENCA administrator and, in local mode,
 * creates the local administrator and prints a ready-to-use token for it.
 */
class AdministratorBootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(AdministratorBootstrap.class);
    static final String BOOTSTRAP_ADMIN_ID = "presenca.bootstrap-admin-id";
    static final String LOCAL_ADMIN_KEY = "local-admin.id";
    static final Duration LOCAL_TOKEN_LIFETIME = Duration.ofDays(30);

    private final EnsureAdministratorUseCase ensureAdministrator;
    private final JwtSettings jwtSettings;
    private final Environment environment;
    private final Clock clock;

    AdministratorBootstrap(EnsureAdministratorUseCase ensureAdministrator, JwtSettings jwtSettings,
                           Environment environment, Clock clock) {
        this.ensureAdministrator = ensureAdministrator;
        this.jwtSettings = jwtSettings;
        this.environment = environment;
        this.clock = clock;
    }

    // Last of the ready listeners: the banner ends the start-up output.
    @EventListener(ApplicationReadyEvent.class)
    @Order(Ordered.LOWEST_PRECEDENCE)
    void onReady(ApplicationReadyEvent event) {
        String configured = environment.getProperty(BOOTSTRAP_ADMIN_ID);
        if (configured != null && !configured.isBlank()) {
            UUID adminId;
            try {
                adminId = UUID.fromString(configured.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("PRESENCA_BOOTSTRAP_ADMIN_ID must be a UUID");
            }
            ensureAdministrator.ensureAdministrator(adminId).block(Duration.ofSeconds(30));
            LOG.info("PRESENCA administrator {} is in place", adminId);
        }
        if (jwtSettings.localMode()) {
            LocalModeFiles files = new LocalModeFiles(DatabaseEnvironmentPostProcessor.homeOf(environment));
            UUID localAdmin = UUID.fromString(files.valueOf(LOCAL_ADMIN_KEY, LocalModeFiles::randomId));
            ensureAdministrator.ensureAdministrator(localAdmin).block(Duration.ofSeconds(30));
            String token = new TokenIssuer(jwtSettings).issue(localAdmin, "authenticated", clock.instant(),
                    LOCAL_TOKEN_LIFETIME);
            String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
            // Printed to the console, not logged: the token is a credential, log files are kept and shipped.
            System.out.println("""

                    ---------------------------------------------------------------------------------
                    openai-connexion runs in LOCAL MODE (no PRESENCA_JWT_SECRET nor PRESENCA_JWT_JWKS_URL; embedded PostgreSQL).
                    GraphiQL: http://localhost:%s/graphiql
                    Local PRESENCA admin token (valid %d days), send it as a header:
                    {"Authorization": "Bearer %s"}
                    ---------------------------------------------------------------------------------
                    """.formatted(port, LOCAL_TOKEN_LIFETIME.toDays(), token));
        }
    }
}
