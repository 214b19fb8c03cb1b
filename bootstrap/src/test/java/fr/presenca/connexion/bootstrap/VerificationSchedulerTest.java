package fr.presenca.connexion.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import fr.presenca.connexion.application.port.in.VerificationRoundCommand;
import fr.presenca.connexion.application.verification.VerificationOutcome;
import fr.presenca.connexion.application.verification.VerificationRound;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The schedule of verification rounds, on virtual time: the rounds are stand-ins that record how they were asked. */
@DisplayName("The verification scheduler")
class VerificationSchedulerTest {

    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<VerificationRoundCommand> asked = new CopyOnWriteArrayList<>();
    private VerificationScheduler scheduler;

    @AfterEach
    void stop() {
        if (scheduler != null) {
            scheduler.stop();
        }
        time.dispose();
    }

    /** A scheduler whose n-th round (from 0) is {@code round.apply(n)}. */
    private VerificationScheduler scheduler(Duration interval, Function<Integer, Mono<VerificationRound>> round) {
        scheduler = new VerificationScheduler(command -> {
            asked.add(command);
            return round.apply(asked.size() - 1);
        }, interval, 3, registry, time);
        return scheduler;
    }

    private static Mono<VerificationRound> accepted(int count) {
        return Mono.just(new VerificationRound(true, Map.of(VerificationOutcome.ACCEPTED, count)));
    }

    private double counted(String outcome) {
        return registry.get(VerificationScheduler.VERIFICATIONS).tag("outcome", outcome).counter().count();
    }

    @Test
    @DisplayName("a round at start, then one per minute when the interval is longer, with the settings as the round's command")
    void ticks() {
        scheduler(Duration.ofHours(6), n -> accepted(2)).start();
        time.advanceTime();
        assertThat(asked).hasSize(1);

        time.advanceTimeBy(Duration.ofMinutes(1));
        assertThat(asked).hasSize(2).allSatisfy(command -> assertThat(command)
                .isEqualTo(new VerificationRoundCommand(Duration.ofHours(6), Duration.ofMinutes(1), 3)));
        assertThat(counted("accepted")).isEqualTo(4);
        assertThat(scheduler.schedulesRounds()).isTrue();
    }

    @Test
    @DisplayName("a round that fails, or throws, is logged and the next tick runs the next round")
    void failuresDoNotStopIt() {
        scheduler(Duration.ofSeconds(10), n -> switch (n) {
            case 0 -> Mono.error(new IllegalStateException("the database is down"));
            case 1 -> throw new IllegalStateException("a bug");
            default -> accepted(1);
        }).start();

        time.advanceTimeBy(Duration.ofSeconds(20));

        assertThat(asked).hasSize(3);
        assertThat(counted("accepted")).isEqualTo(1);
        assertThat(scheduler.schedulesRounds()).isTrue();
    }

    @Test
    @DisplayName("rounds never overlap: the ticks during a long round are dropped, the next tick after it runs the next one")
    void noOverlap() {
        Sinks.One<VerificationRound> longRound = Sinks.one();
        scheduler(Duration.ofSeconds(10), n -> n == 0 ? longRound.asMono() : accepted(1)).start();

        time.advanceTimeBy(Duration.ofSeconds(55));
        assertThat(asked).hasSize(1);

        longRound.tryEmitValue(VerificationRound.skipped());
        time.advanceTimeBy(Duration.ofSeconds(5));
        assertThat(asked).hasSize(2);
    }

    @Test
    @DisplayName("without an interval nothing is scheduled; a non-positive interval or a concurrency under 1 stops the start")
    void offAndInvalid() {
        scheduler(null, n -> accepted(1)).start();
        time.advanceTimeBy(Duration.ofHours(1));
        assertThat(asked).isEmpty();
        assertThat(scheduler.schedulesRounds()).isFalse();

        assertThatThrownBy(() -> new VerificationScheduler(command -> accepted(1), Duration.ZERO, 4, registry, time))
                .hasMessageContaining(VerificationConfiguration.INTERVAL);
        assertThatThrownBy(() -> new VerificationScheduler(command -> accepted(1), Duration.ofHours(1), 0, registry, time))
                .hasMessageContaining(VerificationConfiguration.CONCURRENCY);
    }
}
