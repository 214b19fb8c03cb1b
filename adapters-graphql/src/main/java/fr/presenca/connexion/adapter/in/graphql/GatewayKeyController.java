package fr.presenca.connexion.adapter.in.graphql;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import fr.presenca.connexion.adapter.in.graphql.error.ApiException;
import fr.presenca.connexion.application.port.in.CreateGatewayKeyCommand;
import fr.presenca.connexion.application.port.in.ManageGatewayKeysUseCase;
import fr.presenca.connexion.application.port.in.VerifyConnexionUseCase;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.gatewaykey.GatewayKey;
import fr.presenca.connexion.domain.gatewaykey.GatewayKeyId;
import io.vavr.control.Option;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** Gateway keys and the key check: arguments → command → use case → view. No rule lives here. */
@Controller
class GatewayKeyController {

    record CreateGatewayKeyInput(String connexionId, String name, OffsetDateTime expiresAt) {
    }

    record GatewayKeyView(String id, String connexionId, String name, String hint, OffsetDateTime createdAt,
                          String createdBy, OffsetDateTime expiresAt, OffsetDateTime lastUsedAt, OffsetDateTime revokedAt) {
    }

    /** The key's text goes into this answer only. */
    record NewGatewayKeyView(String key, GatewayKeyView gatewayKey) {
    }

    private final ManageGatewayKeysUseCase keys;
    private final VerifyConnexionUseCase verify;
    private final CallerResolver callers;
    private final ConnexionViewMapper connexionViews = new ConnexionViewMapperImpl();

    GatewayKeyController(ManageGatewayKeysUseCase keys, VerifyConnexionUseCase verify, CallerResolver callers) {
        this.keys = keys;
        this.verify = verify;
        this.callers = callers;
    }

    @MutationMapping
    Mono<NewGatewayKeyView> createGatewayKey(@Argument CreateGatewayKeyInput input) {
        ConnexionId connexionId = new ConnexionId(Ids.parse(input.connexionId(), "connexionId"));
        Option<Instant> expiresAt = Option.of(input.expiresAt()).map(OffsetDateTime::toInstant);
        return callers.currentCaller()
                .flatMap(caller -> keys.createGatewayKey(new CreateGatewayKeyCommand(caller, connexionId, input.name(), expiresAt)))
                .flatMap(ApiException::valueOrError)
                .map(issued -> new NewGatewayKeyView(issued.text().reveal(), view(issued.key())));
    }

    @QueryMapping
    Mono<List<GatewayKeyView>> gatewayKeys(@Argument String connexionId) {
        ConnexionId id = new ConnexionId(Ids.parse(connexionId, "connexionId"));
        return callers.currentCaller()
                .flatMap(caller -> keys.gatewayKeys(caller, id))
                .flatMap(ApiException::valueOrError)
                .map(found -> found.stream().map(GatewayKeyController::view).toList());
    }

    @MutationMapping
    Mono<GatewayKeyView> revokeGatewayKey(@Argument String id) {
        GatewayKeyId keyId = new GatewayKeyId(Ids.parse(id, "id"));
        return callers.currentCaller()
                .flatMap(caller -> keys.revokeGatewayKey(caller, keyId))
                .flatMap(ApiException::valueOrError)
                .map(GatewayKeyController::view);
    }

    @MutationMapping
    Mono<ConnexionView> verifyConnexion(@Argument String id) {
        ConnexionId connexionId = new ConnexionId(Ids.parse(id, "id"));
        return callers.currentCaller()
                .flatMap(caller -> verify.verifyConnexion(caller, connexionId))
                .flatMap(ApiException::valueOrError)
                .map(connexion -> connexionViews.toView(connexion.state()));
    }

    private static GatewayKeyView view(GatewayKey key) {
        return new GatewayKeyView(key.id().value().toString(), key.connexionId().value().toString(), key.name(), key.hint(),
                utc(key.createdAt()), key.createdBy().map(Object::toString).getOrNull(),
                key.expiresAt().map(GatewayKeyController::utc).getOrNull(),
                key.lastUsedAt().map(GatewayKeyController::utc).getOrNull(),
                key.revokedAt().map(GatewayKeyController::utc).getOrNull());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
