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

    /**
     * Checks an account's key with OpenAI ({@code GET /models}, free): empty when OpenAI accepts it, else OpenAI's
     * error answer. Fails with an UpstreamFailure when OpenAI cannot be reached or does not answer in time.
     */
    Mono<io.vavr.control.Option<fr.presenca.connexion.application.gateway.UpstreamError>> checkKey(
            fr.presenca.connexion.application.gateway.UpstreamAccount account);
}
