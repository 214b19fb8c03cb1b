package fr.presenca.connexion.application.port.out;

import fr.presenca.connexion.application.gateway.UpstreamAnswer;
import fr.presenca.connexion.application.gateway.UpstreamRequest;
import reactor.core.publisher.Mono;

/**
 * Calls OpenAI. The answer comes as soon as its status and headers do; its body streams. Fails with an
 * {@link fr.presenca.connexion.application.gateway.UpstreamFailure} when OpenAI cannot be reached or the call runs
 * out of time before an answer; cancelling the answer's body cancels the call.
 */
public interface OpenAiPort {

    Mono<UpstreamAnswer> call(UpstreamRequest request);
}
