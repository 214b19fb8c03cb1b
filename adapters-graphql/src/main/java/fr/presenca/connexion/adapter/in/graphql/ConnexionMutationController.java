package fr.presenca.connexion.adapter.in.graphql;

import java.util.Map;

import fr.presenca.connexion.adapter.in.graphql.error.ApiException;
import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.application.port.in.ConnexionLifecycleUseCase;
import fr.presenca.connexion.application.port.in.CreateConnexionCommand;
import fr.presenca.connexion.application.port.in.CreateConnexionUseCase;
import fr.presenca.connexion.application.port.in.DeleteConnexionUseCase;
import fr.presenca.connexion.application.port.in.ManageApiKeyUseCase;
import fr.presenca.connexion.application.port.in.UpdateConnexionCommand;
import fr.presenca.connexion.application.port.in.UpdateConnexionUseCase;
import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.ConnexionChanges;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.connexion.NewConnexion;
import io.vavr.control.Either;
import io.vavr.control.Option;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** The management mutations: arguments → command → use case → view. No rule lives here. */
@Controller
class ConnexionMutationController {

    private final CreateConnexionUseCase createConnexion;
    private final UpdateConnexionUseCase updateConnexion;
    private final ManageApiKeyUseCase apiKeys;
    private final ConnexionLifecycleUseCase lifecycle;
    private final DeleteConnexionUseCase deleteConnexion;
    private final CallerResolver callers;
    private final ConnexionViewMapper views = new ConnexionViewMapperImpl();

    ConnexionMutationController(CreateConnexionUseCase createConnexion, UpdateConnexionUseCase updateConnexion,
                                ManageApiKeyUseCase apiKeys, ConnexionLifecycleUseCase lifecycle,
                                DeleteConnexionUseCase deleteConnexion, CallerResolver callers) {
        this.createConnexion = createConnexion;
        this.updateConnexion = updateConnexion;
        this.apiKeys = apiKeys;
        this.lifecycle = lifecycle;
        this.deleteConnexion = deleteConnexion;
        this.callers = callers;
    }

    @MutationMapping
    Mono<ConnexionView> createConnexion(@Argument Map<String, Object> input) {
        InputFields fields = new InputFields(input);
        NewConnexion.Input asked = new NewConnexion.Input(fields.id("organisationId").getOrNull(),
                fields.text("clientType"), fields.id("clientId").getOrNull(), fields.text("apiKey"),
                fields.text("accountEmail"), fields.text("openaiOrganisationId"), fields.text("openaiProjectId"),
                fields.integer("dailyRequestLimit"), fields.decimal("monthlyCostLimit"), fields.strings("allowedModels"),
                fields.json("extensions"), Option.none());
        return answer(caller -> createConnexion.createConnexion(new CreateConnexionCommand(caller, asked)));
    }

    @MutationMapping
    Mono<ConnexionView> updateConnexion(@Argument String id, @Argument Map<String, Object> input) {
        ConnexionId connexionId = connexionId(id);
        InputFields fields = new InputFields(input);
        // These fields cannot be cleared: an explicit null is refused rather than silently ignored.
        fields.refuseNull("clientType", "clientId", "allowedModels", "extensions", "apiKey");
        ConnexionChanges.Input changes = new ConnexionChanges.Input(
                fields.text("clientType"),
                fields.id("clientId"),
                fields.patch("accountEmail", String.class),
                fields.patch("openaiOrganisationId", String.class),
                fields.patch("openaiProjectId", String.class),
                fields.patch("dailyRequestLimit", Integer.class),
                fields.patch("monthlyCostLimit", java.math.BigDecimal.class),
                fields.strings("allowedModels"),
                fields.json("extensions"));
        Option<String> apiKey = fields.text("apiKey");
        return answer(caller -> updateConnexion.updateConnexion(
                        new UpdateConnexionCommand(caller, connexionId, changes, apiKey)));
    }

    @MutationMapping
    Mono<ConnexionView> setApiKey(@Argument String id, @Argument String apiKey) {
        ConnexionId connexionId = connexionId(id);
        return answer(caller -> apiKeys.setApiKey(caller, connexionId, apiKey));
    }

    @MutationMapping
    Mono<ConnexionView> clearApiKey(@Argument String id) {
        ConnexionId connexionId = connexionId(id);
        return answer(caller -> apiKeys.clearApiKey(caller, connexionId));
    }

    @MutationMapping
    Mono<ConnexionView> activateConnexion(@Argument String id) {
        ConnexionId connexionId = connexionId(id);
        return answer(caller -> lifecycle.activateConnexion(caller, connexionId));
    }

    @MutationMapping
    Mono<ConnexionView> deactivateConnexion(@Argument String id, @Argument String reason) {
        ConnexionId connexionId = connexionId(id);
        return answer(caller -> lifecycle.deactivateConnexion(caller, connexionId, Option.of(reason)));
    }

    @MutationMapping
    Mono<String> deleteConnexion(@Argument String id) {
        ConnexionId connexionId = connexionId(id);
        return callers.currentCaller()
                .flatMap(caller -> deleteConnexion.deleteConnexion(caller, connexionId))
                .flatMap(ApiException::valueOrError)
                .map(deleted -> deleted.value().toString());
    }

    /** Runs the use case for the current caller and answers the changed connexion, or the API error. */
    private Mono<ConnexionView> answer(
            java.util.function.Function<Caller, Mono<Either<ApplicationError, Connexion>>> useCase) {
        return callers.currentCaller()
                .flatMap(useCase)
                .flatMap(ApiException::valueOrError)
                .map(connexion -> views.toView(connexion.state()));
    }

    private static ConnexionId connexionId(String id) {
        return new ConnexionId(Ids.parse(id, "id"));
    }
}
