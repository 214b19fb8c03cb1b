package fr.presenca.connexion.adapter.in.gateway;

import fr.presenca.connexion.application.caller.Caller;
import reactor.core.publisher.Mono;

/** The verified caller of the current gateway request (bootstrap resolves it from the request's credential). */
public interface GatewayCallers {

    Mono<Caller> currentCaller();
}
