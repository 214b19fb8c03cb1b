package fr.presenca.connexion.application.port.out;

import java.time.Instant;

import fr.presenca.connexion.domain.connexion.ConnexionId;
import reactor.core.publisher.Mono;

/**
 * Keeps when a connexion's key was last checked by a round, when it is next due and how many checks in a row got no
 * verdict. A connexion deleted meanwhile is left alone. The schedule of the service itself, shared by all instances.
 */
public interface RecordVerificationPort {

    Mono<Void> recordVerification(ConnexionId id, Instant checkedAt, Instant nextCheckAt, int failures);
}
