package fr.presenca.connexion.bootstrap;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * DOWN from the moment the service starts shutting down (Spring Boot refuses traffic first, then the web server
 * drains the requests in flight, then the pool closes), so that a load balancer stops sending calls.
 */
final class ShutdownHealth implements HealthIndicator {

    private final ApplicationAvailability availability;

    ShutdownHealth(ApplicationAvailability availability) {
        this.availability = availability;
    }

    @Override
    public Health health() {
        return availability.getReadinessState() == ReadinessState.REFUSING_TRAFFIC && hasStarted()
                ? Health.down().build()
                : Health.up().build();
    }

    // Before the first ACCEPTING_TRAFFIC the state is REFUSING_TRAFFIC too; health is not served then anyway, but a
    // check of the context during start-up must not read as a shutdown.
    private boolean hasStarted() {
        return availability.getLastChangeEvent(ReadinessState.class) != null;
    }
}
