package fr.presenca.connexion.bootstrap;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The clock of the shared test context: it follows the system clock until a test pins it ({@link #set}),
 * and a test that pins it puts it back ({@link #reset}) so that the other tests see real time. No sleeps:
 * tests move time instead.
 */
public final class TestClock extends Clock {

    private volatile Instant pinned;

    public void set(Instant instant) {
        pinned = instant;
    }

    public void advance(Duration duration) {
        pinned = instant().plus(duration);
    }

    public void reset() {
        pinned = null;
    }

    @Override
    public Instant instant() {
        Instant now = pinned;
        return now == null ? Instant.now() : now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the test clock stays in UTC");
    }

    /** Replaces the application's clock in the shared test context. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Configuration {

        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock();
        }
    }
}
