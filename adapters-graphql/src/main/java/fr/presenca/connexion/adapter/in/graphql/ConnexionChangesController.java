package fr.presenca.connexion.adapter.in.graphql;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import fr.presenca.connexion.application.change.ConnexionChange;
import fr.presenca.connexion.application.port.in.WatchConnexionChangesUseCase;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.connexion.ConnexionStatus;
import io.vavr.control.Option;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;

/** The live side of the API: committed connexion changes, filtered to what the caller may see. */
@Controller
class ConnexionChangesController {

    /** The GraphQL {@code ConnexionChange} type. */
    record ConnexionChangeView(String connexionId, String organisationId, ConnexionChange.Operation operation,
                               ConnexionStatus status, OffsetDateTime at) {

        static ConnexionChangeView of(ConnexionChange change) {
            return new ConnexionChangeView(change.connexionId().value().toString(),
                    change.organisationId().value().toString(), change.operation(), change.status(),
                    change.at().atOffset(ZoneOffset.UTC));
        }
    }

    private final WatchConnexionChangesUseCase watch;
    private final CallerResolver callers;

    ConnexionChangesController(WatchConnexionChangesUseCase watch, CallerResolver callers) {
        this.watch = watch;
        this.callers = callers;
    }

    @SubscriptionMapping
    Flux<ConnexionChangeView> connexionChanges(@Argument String connexionId) {
        Option<ConnexionId> only = Option.of(connexionId).map(id -> new ConnexionId(Ids.parse(id, "connexionId")));
        return callers.currentCaller()
                .flatMapMany(caller -> watch.watchConnexionChanges(caller, only))
                .map(ConnexionChangeView::of);
    }
}
