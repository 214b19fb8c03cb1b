package fr.presenca.connexion.application.port.out;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.caller.CallerScope;
import reactor.core.publisher.Mono;

/** The caller's scope: its organisation and whether it is a PRESENCA admin (or service_role). */
public interface LoadCallerScopePort {

    Mono<CallerScope> loadCallerScope(Caller caller);
}
