package fr.presenca.connexion.application.port.out;

import io.vavr.control.Option;
import reactor.core.publisher.Mono;

/**
 * One verification round at a time over all instances. {@code round} runs only if this instance gets the lock,
 * which it holds until the round ends (completes, fails or is cancelled); without it, the answer is empty at once
 * and {@code round} is never subscribed.
 */
public interface VerificationRoundLockPort {

    <T> Mono<Option<T>> underRoundLock(Mono<T> round);
}
