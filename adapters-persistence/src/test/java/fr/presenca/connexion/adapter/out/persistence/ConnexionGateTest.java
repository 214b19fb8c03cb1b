package fr.presenca.connexion.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import fr.presenca.connexion.application.error.UnavailableException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The per-connexion gate in front of the pool, on its own: no database, time under the test's control. */
@DisplayName("The per-connexion gate")
class ConnexionGateTest {

    private static final Duration WAIT = Duration.ofSeconds(2);

    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();

    /** One caller of the gate: what it got, as it arrives. */
    private static final class Entry {
        volatile ConnexionGate.Pass pass;
        volatile Throwable error;
        Disposable subscription;
    }

    private static Entry enter(ConnexionGate gate, Object connexion) {
        Entry entry = new Entry();
        entry.subscription = gate.enter(connexion, WAIT).subscribe(pass -> entry.pass = pass, error -> entry.error = error);
        return entry;
    }

    @Nested
    @DisplayName("with one decision at a time per connexion and two queued")
    class OneAtATime {

        private final ConnexionGate gate = new ConnexionGate(1, 2, time);

        @Test
        @DisplayName("the first decision gets in at once, the next ones wait, in arrival order")
        void queuesInOrder() {
            Entry first = enter(gate, "a");
            Entry second = enter(gate, "a");
            Entry third = enter(gate, "a");

            assertThat(first.pass).isNotNull();
            assertThat(second.pass).isNull();
            assertThat(third.pass).isNull();

            first.pass.release();
            assertThat(second.pass).isNotNull();
            assertThat(third.pass).isNull();

            second.pass.release();
            assertThat(third.pass).isNotNull();
            third.pass.release();
            assertThat(gate.lanes()).as("an idle connexion keeps nothing").isZero();
        }

        @Test
        @DisplayName("another connexion is not held up by a busy one")
        void connexionsAreIndependent() {
            Entry busy = enter(gate, "a");
            enter(gate, "a");

            Entry other = enter(gate, "b");

            assertThat(busy.pass).isNotNull();
            assertThat(other.pass).isNotNull();
        }

        @Test
        @DisplayName("beyond the queue, a decision is refused at once with UNAVAILABLE")
        void fullQueueRefuses() {
            enter(gate, "a");
            enter(gate, "a");
            enter(gate, "a");

            Entry fourth = enter(gate, "a");

            assertThat(fourth.pass).isNull();
            assertThat(fourth.error).isInstanceOf(UnavailableException.class).hasMessageContaining("Too many decisions");
        }

        @Test
        @DisplayName("a queued decision whose deadline passes gets UNAVAILABLE and leaves the queue")
        void deadlineInQueue() {
            Entry first = enter(gate, "a");
            Entry queued = enter(gate, "a");

            time.advanceTimeBy(WAIT.minusMillis(1));
            assertThat(queued.error).isNull();
            time.advanceTimeBy(Duration.ofMillis(1));

            assertThat(queued.error).isInstanceOf(UnavailableException.class).hasMessageContaining("stayed busy");
            first.pass.release();
            assertThat(queued.pass).as("an expired decision is never let in").isNull();
            assertThat(gate.lanes()).isZero();
        }

        @Test
        @DisplayName("the holder's deadline is not the gate's business: only queued decisions expire")
        void admittedDecisionsDoNotExpire() {
            Entry first = enter(gate, "a");

            time.advanceTimeBy(WAIT.multipliedBy(10));

            assertThat(first.error).isNull();
            assertThat(first.pass).isNotNull();
        }

        @Test
        @DisplayName("a caller that goes away while queued frees its place, and the pass skips it")
        void cancelledWhileQueued() {
            Entry first = enter(gate, "a");
            Entry leaving = enter(gate, "a");
            Entry last = enter(gate, "a");

            leaving.subscription.dispose();
            Entry newcomer = enter(gate, "a");
            assertThat(newcomer.error).as("the freed place is taken").isNull();

            first.pass.release();
            assertThat(leaving.pass).isNull();
            assertThat(last.pass).isNotNull();
        }

        @Test
        @DisplayName("releasing a pass twice lets only one decision in")
        void releaseIsIdempotent() {
            Entry first = enter(gate, "a");
            Entry second = enter(gate, "a");
            Entry third = enter(gate, "a");

            first.pass.release();
            first.pass.release();

            assertThat(second.pass).isNotNull();
            assertThat(third.pass).isNull();
        }
    }

    @Test
    @DisplayName("with two at a time, the third decision waits until one of the two leaves")
    void twoAtATime() {
        ConnexionGate gate = new ConnexionGate(2, 5, time);
        Entry first = enter(gate, "a");
        Entry second = enter(gate, "a");
        Entry third = enter(gate, "a");

        assertThat(first.pass).isNotNull();
        assertThat(second.pass).isNotNull();
        assertThat(third.pass).isNull();

        second.pass.release();
        assertThat(third.pass).isNotNull();
    }

    @Test
    @DisplayName("under contention from many threads, never more than the bound inside, and nothing left behind")
    void contention() throws InterruptedException {
        ConnexionGate gate = new ConnexionGate(2, 1000, Schedulers.parallel());
        AtomicInteger[] inside = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
        AtomicInteger most = new AtomicInteger();
        int calls = 2000;
        CountDownLatch done = new CountDownLatch(calls);
        List<Throwable> errors = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        for (int i = 0; i < calls; i++) {
            int lane = i % 3;
            String connexion = "c" + lane;
            boolean cancelEarly = i % 7 == 0;
            threads.execute(() -> {
                Disposable subscription = Mono.usingWhen(gate.enter(connexion, Duration.ofMinutes(1)),
                                pass -> Mono.fromRunnable(() -> {
                                    int now = inside[lane].incrementAndGet();
                                    most.accumulateAndGet(now, Math::max);
                                    Thread.onSpinWait();
                                    inside[lane].decrementAndGet();
                                }),
                                pass -> Mono.fromRunnable(pass::release),
                                (pass, error) -> Mono.fromRunnable(pass::release),
                                pass -> Mono.fromRunnable(pass::release))
                        .doFinally(signal -> done.countDown())
                        .subscribe(ignored -> { }, error -> {
                            synchronized (errors) {
                                errors.add(error);
                            }
                        });
                if (cancelEarly) {
                    subscription.dispose();
                }
            });
        }
        assertThat(done.await(1, TimeUnit.MINUTES)).isTrue();
        threads.shutdown();

        assertThat(errors).isEmpty();
        assertThat(most.get()).as("decisions of one connexion inside at once").isLessThanOrEqualTo(2);
        assertThat(gate.lanes()).as("every pass came back").isZero();
    }
}
