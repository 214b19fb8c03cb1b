package fr.presenca.connexion.adapter.in.graphql;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import fr.presenca.connexion.adapter.in.graphql.error.ApiException;
import fr.presenca.connexion.application.port.in.ManageDirectoryUseCase;
import fr.presenca.connexion.domain.connexion.OrganisationId;
import fr.presenca.connexion.domain.directory.DirectoryUser;
import fr.presenca.connexion.domain.directory.Organisation;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** The standalone directory: organisations and users. */
@Controller
class DirectoryController {

    /** The GraphQL {@code Organisation} type. */
    record OrganisationView(String id, String name) {
        static OrganisationView of(Organisation organisation) {
            return new OrganisationView(organisation.id().value().toString(), organisation.name());
        }
    }

    /** The GraphQL {@code User} type. */
    record UserView(String id, String email, String organisationId, boolean adminPresenca) {
        static UserView of(DirectoryUser user) {
            return new UserView(user.id().value().toString(), user.email().value(),
                    user.organisationId().map(OrganisationId::value).map(UUID::toString).getOrNull(),
                    user.adminPresenca());
        }
    }

    private final ManageDirectoryUseCase directory;
    private final CallerResolver callers;

    DirectoryController(ManageDirectoryUseCase directory, CallerResolver callers) {
        this.directory = directory;
        this.callers = callers;
    }

    @QueryMapping
    Mono<List<OrganisationView>> organisations() {
        return callers.currentCaller()
                .flatMap(directory::listOrganisations)
                .map(organisations -> organisations.stream().map(OrganisationView::of).toList());
    }

    @MutationMapping
    Mono<OrganisationView> createOrganisation(@Argument Map<String, Object> input) {
        String name = new InputFields(input).text("name").getOrNull();
        return callers.currentCaller()
                .flatMap(caller -> directory.createOrganisation(caller, name))
                .flatMap(ApiException::valueOrError)
                .map(OrganisationView::of);
    }

    @MutationMapping
    Mono<UserView> createUser(@Argument Map<String, Object> input) {
        InputFields fields = new InputFields(input);
        UUID organisationId = fields.id("organisationId").getOrNull();
        String email = fields.text("email").getOrNull();
        boolean admin = Boolean.TRUE.equals(input.get("adminPresenca"));
        return callers.currentCaller()
                .flatMap(caller -> directory.createUser(caller, organisationId, email, admin))
                .flatMap(ApiException::valueOrError)
                .map(UserView::of);
    }
}
