package fr.presenca.connexion.adapter.out.persistence;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import fr.presenca.connexion.application.error.UnavailableException;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;

/**
 * Per connexion, lets at most {@code concurrent} decisions of this instance at a time hold a pooled connection, where
 * they wait for the connexion's row lock; the others wait here, in memory and in arrival order, at most
 * {@code queued} of them, each until its deadline. A locked or very hot connexion so holds at most
 * {@code concurrent} pooled connections, and the other tenants find the pool free. A decision that finds the queue
 * full, or whose deadline passes in it, is refused with {@link UnavailableException}.
 *
 * <p>One lane per connexion with decisions in flight, removed when its last one leaves: idle connexions cost nothing.
 * Every change of a lane happens inside {@link ConcurrentHashMap#compute}, which locks it.
 */
final class ConnexionGate {

    private static final int WAITING = 0;
    private static final int ADMITTED = 1;
    private static final int GONE = 2;

    private final int concurrent;
    private final int queued;
    private final Scheduler timer;
    private final ConcurrentHashMap<Object, Lane> lanes = new ConcurrentHashMap<>();

    /**
     * @param concurrent how many decisions per connexion may hold a pooled connection at once (at least 1)
     * @param queued     how many more may wait in memory (0: refused at once)
     * @param timer      where queue deadlines are timed
     */
    ConnexionGate(int concurrent, int queued, Scheduler timer) {
        if (concurrent < 1 || queued < 0) {
            throw new IllegalArgumentException("at least one concurrent decision per connexion, and a queue of 0 or more");
        }
        this.concurrent = concurrent;
        this.queued = queued;
        this.timer = timer;
    }

    /**
     * A pass for the connexion, at once when one is free, else after the decisions ahead of this one, within
     * {@code maxWait}. Release it exactly once when done (complete, error or cancel); cancelling while queued
     * leaves the queue.
     */
    Mono<Pass> enter(Object connexion, Duration maxWait) {
        return Mono.create(sink -> {
            Waiter waiter = new Waiter(connexion, sink);
            sink.onCancel(waiter::abandon);
            boolean[] admittedNow = {false};
            boolean[] full = {false};
            lanes.compute(connexion, (key, lane) -> {
                Lane current = lane == null ? new Lane() : lane;
                if (current.active < concurrent) {
                    current.active++;
                    admittedNow[0] = true;
                } else if (current.waiting.size() < queued) {
                    current.waiting.add(waiter);
                } else {
                    full[0] = true;
                }
                return current;
            });
            if (admittedNow[0]) {
                waiter.admit();
            } else if (full[0]) {
                waiter.state.set(GONE);
                sink.error(new UnavailableException("Too many decisions are waiting for this connexion; retry with the"
                        + " same idempotency key"));
            } else {
                Disposable deadline = timer.schedule(waiter::expire, maxWait.toNanos(), TimeUnit.NANOSECONDS);
                sink.onDispose(deadline);
            }
        });
    }

    /** How many connexions have decisions in flight (an idle gate holds none). */
    int lanes() {
        return lanes.size();
    }

    private void leave(Object connexion) {
        Waiter[] next = {null};
        lanes.computeIfPresent(connexion, (key, lane) -> {
            for (Waiter waiter = lane.waiting.poll(); waiter != null; waiter = lane.waiting.poll()) {
                if (waiter.state.compareAndSet(WAITING, ADMITTED)) {
                    next[0] = waiter; // the pass moves on: active stays as it is
                    return lane;
                }
            }
            lane.active--;
            return lane.active == 0 ? null : lane;
        });
        if (next[0] != null) {
            next[0].sink.success(next[0].pass);
        }
    }

    private void withdraw(Waiter waiter) {
        lanes.computeIfPresent(waiter.connexion, (key, lane) -> {
            lane.waiting.remove(waiter);
            return lane;
        });
    }

    /** A decision's right to hold a pooled connection for its connexion. */
    final class Pass {
        private final Object connexion;
        private final AtomicBoolean released = new AtomicBoolean();

        private Pass(Object connexion) {
            this.connexion = connexion;
        }

        /** Lets the next decision of the connexion in; only the first call counts. */
        void release() {
            if (released.compareAndSet(false, true)) {
                leave(connexion);
            }
        }
    }

    private final class Waiter {
        final Object connexion;
        final MonoSink<Pass> sink;
        final Pass pass;
        final AtomicInteger state = new AtomicInteger(WAITING);

        Waiter(Object connexion, MonoSink<Pass> sink) {
            this.connexion = connexion;
            this.sink = sink;
            this.pass = new Pass(connexion);
        }

        void admit() {
            state.set(ADMITTED);
            sink.success(pass);
        }

        /** Its deadline passed while queued. */
        void expire() {
            if (state.compareAndSet(WAITING, GONE)) {
                withdraw(this);
                sink.error(new UnavailableException("This connexion stayed busy with other decisions for the whole lock"
                        + " timeout; retry with the same idempotency key"));
            }
        }

        /**
         * Its caller went away before the pass reached it: leave the queue, or hand the pass on if it was just
         * admitted (a cancelled sink drops the value, so nobody else would release it).
         */
        void abandon() {
            if (state.compareAndSet(WAITING, GONE)) {
                withdraw(this);
            } else if (state.get() == ADMITTED) {
                pass.release();
            }
        }
    }

    private static final class Lane {
        int active;
        final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    }
}
