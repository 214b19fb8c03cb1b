package fr.presenca.connexion.adapter.in.graphql;

import fr.presenca.connexion.application.listing.ConnexionCriteria;
import fr.presenca.connexion.application.listing.PageCursor;
import fr.presenca.connexion.application.listing.PageRequest;
import fr.presenca.connexion.application.port.in.FindConnexionUseCase;
import fr.presenca.connexion.application.port.in.ListConnexionsQuery;
import fr.presenca.connexion.application.port.in.ListConnexionsUseCase;
import fr.presenca.connexion.domain.connexion.ClientId;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.connexion.OrganisationId;
import io.vavr.control.Option;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** The read side of the API: arguments → query → use case → view. */
@Controller
class ConnexionQueryController {

    private final FindConnexionUseCase findConnexion;
    private final ListConnexionsUseCase listConnexions;
    private final CallerResolver callers;
    private final ConnexionViewMapper views = new ConnexionViewMapperImpl();

    ConnexionQueryController(FindConnexionUseCase findConnexion, ListConnexionsUseCase listConnexions,
                             CallerResolver callers) {
        this.findConnexion = findConnexion;
        this.listConnexions = listConnexions;
        this.callers = callers;
    }

    @QueryMapping
    Mono<ConnexionView> connexion(@Argument String id) {
        ConnexionId connexionId = new ConnexionId(Ids.parse(id, "id"));
        return callers.currentCaller()
                .flatMap(caller -> findConnexion.findConnexion(caller, connexionId))
                .flatMap(found -> Mono.justOrEmpty(found.map(c -> views.toView(c.state())).toJavaOptional()));
    }

    @QueryMapping
    Mono<RelayConnection<ConnexionView>> connexions(@Argument ConnexionFilterInput filter, @Argument Integer first,
                                                    @Argument String after) {
        PageRequest page = RelayConnection.pageRequest(first, after);
        ConnexionCriteria criteria = criteriaOf(filter);
        return callers.currentCaller()
                .flatMap(caller -> listConnexions.listConnexions(new ListConnexionsQuery(caller, criteria, page)))
                .map(result -> RelayConnection.of(result, PageCursor::of, c -> views.toView(c.state())));
    }

    private static ConnexionCriteria criteriaOf(ConnexionFilterInput filter) {
        if (filter == null) {
            return ConnexionCriteria.all();
        }
        return new ConnexionCriteria(
                Option.of(filter.organisationId()).map(id -> new OrganisationId(Ids.parse(id, "filter.organisationId"))),
                Option.of(filter.clientType()),
                Option.of(filter.clientId()).map(id -> new ClientId(Ids.parse(id, "filter.clientId"))),
                Option.of(filter.status()),
                Option.of(filter.active()));
    }
}
