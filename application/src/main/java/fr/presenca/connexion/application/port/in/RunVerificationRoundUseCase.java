package fr.presenca.connexion.application.port.in;

import fr.presenca.connexion.application.verification.VerificationRound;
import reactor.core.publisher.Mono;

/**
 * One round of the periodic verification: if no other instance is running one, checks with OpenAI the stored key of
 * every active connexion whose last check is older than the interval (or whose retry delay has passed), a bounded
 * number at a time, each exactly as {@link VerifyConnexionUseCase} does. A connexion's failure never ends the round;
 * the round fails only when the connexions due cannot be read.
 */
public interface RunVerificationRoundUseCase {

    Mono<VerificationRound> runVerificationRound(VerificationRoundCommand command);
}
