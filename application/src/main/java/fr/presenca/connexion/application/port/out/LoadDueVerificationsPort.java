package fr.presenca.connexion.application.port.out;

import java.time.Instant;
import java.util.List;

import fr.presenca.connexion.application.verification.DueVerification;
import reactor.core.publisher.Mono;

/**
 * The connexions, of every organisation, whose stored key is due for a periodic check at {@code now}: active, with a
 * key, neither synchronised nor checked since {@code checkedBefore}, and past the retry time a failed check set.
 * It reads every tenant's rows, as the service itself (not for a caller).
 */
public interface LoadDueVerificationsPort {

    Mono<List<DueVerification>> loadDueVerifications(Instant now, Instant checkedBefore);
}
