package fr.presenca.connexion.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.Status;

/** The health indicator of a shutdown, on Spring Boot's own availability state. */
@DisplayName("Health during a shutdown")
class ShutdownHealthTest {

    private final ApplicationAvailabilityBean availability = new ApplicationAvailabilityBean();
    private final ShutdownHealth health = new ShutdownHealth(availability);

    private void readiness(ReadinessState state) {
        availability.onApplicationEvent(new AvailabilityChangeEvent<>(this, state));
    }

    @Test
    @DisplayName("is UP while the service starts and serves, DOWN once it refuses traffic at shutdown")
    void downFromTheStartOfTheShutdown() {
        assertThat(health.health().getStatus()).as("during start-up").isEqualTo(Status.UP);
        readiness(ReadinessState.ACCEPTING_TRAFFIC);
        assertThat(health.health().getStatus()).as("serving").isEqualTo(Status.UP);
        readiness(ReadinessState.REFUSING_TRAFFIC);
        assertThat(health.health().getStatus()).as("shutting down").isEqualTo(Status.DOWN);
    }
}
