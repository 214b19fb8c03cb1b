package fr.presenca.connexion.application.service;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.change.ConnexionChange;
import fr.presenca.connexion.application.port.in.WatchConnexionChangesUseCase;
import fr.presenca.connexion.application.port.out.ConnexionChangesPort;
import fr.presenca.connexion.application.port.out.LoadCallerScopePort;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import io.vavr.control.Option;
import reactor.core.publisher.Flux;

/**
 * Filters the stream of all changes down to what the caller may see, with the same rule as the row-level
 * security policies (own organisation; admins and service_role everything), read once when watching starts.
 */
public final class WatchConnexionChangesService implements WatchConnexionChangesUseCase {

    private final ConnexionChangesPort changes;
    private final LoadCallerScopePort scopes;

    public WatchConnexionChangesService(ConnexionChangesPort changes, LoadCallerScopePort scopes) {
        this.changes = changes;
        this.scopes = scopes;
    }

    @Override
    public Flux<ConnexionChange> watchConnexionChanges(Caller caller, Option<ConnexionId> connexionId) {
        return scopes.loadCallerScope(caller).flatMapMany(scope -> changes.connexionChanges()
                .filter(change -> scope.sees(change.organisationId()))
                .filter(change -> connexionId.forAll(change.connexionId()::equals)));
    }
}
