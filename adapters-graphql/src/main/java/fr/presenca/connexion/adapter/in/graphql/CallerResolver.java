package fr.presenca.connexion.adapter.in.graphql;

import fr.presenca.connexion.application.caller.Caller;
import reactor.core.publisher.Mono;

/** Who the current GraphQL request runs for, taken from its verified token. Errors when there is none. */
@FunctionalInterface
public interface CallerResolver {

    Mono<Caller> currentCaller();
}
