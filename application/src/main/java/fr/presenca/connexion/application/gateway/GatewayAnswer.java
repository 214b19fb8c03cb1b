package fr.presenca.connexion.application.gateway;

import java.util.Objects;

import fr.presenca.connexion.domain.cost.Usd;
import fr.presenca.connexion.domain.metering.ReservationId;
import io.vavr.control.Option;
import reactor.core.publisher.Flux;

/**
 * A forwarded call's answer for the client: OpenAI's status, content type and body (streamed as it arrives; it
 * ends once the call is settled), with what the admission left.
 *
 * @param remainingRequests requests left today after this call; None = unlimited
 * @param remainingBudget   USD left this month after this call's hold; None = unlimited
 */
public record GatewayAnswer(int status, String contentType, Option<String> requestId, Flux<byte[]> body,
                            ReservationId reservationId, Option<Integer> remainingRequests, Option<Usd> remainingBudget) {

    public GatewayAnswer {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(reservationId, "reservationId");
        Objects.requireNonNull(remainingRequests, "remainingRequests");
        Objects.requireNonNull(remainingBudget, "remainingBudget");
    }
}
