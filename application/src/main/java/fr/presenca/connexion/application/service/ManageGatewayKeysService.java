package fr.presenca.connexion.application.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.application.port.in.CreateGatewayKeyCommand;
import fr.presenca.connexion.application.port.in.ManageGatewayKeysUseCase;
import fr.presenca.connexion.application.write.AuditEntry;
import fr.presenca.connexion.application.port.out.GatewayKeysPort;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.gatewaykey.GatewayKey;
import fr.presenca.connexion.domain.gatewaykey.GatewayKeyId;
import fr.presenca.connexion.domain.gatewaykey.GatewayKeyText;
import io.vavr.control.Either;
import io.vavr.control.Option;
import reactor.core.publisher.Mono;

/**
 * Creates, lists and revokes gateway keys under the caller's row-level security: whoever may change a connexion may
 * manage its keys. Each creation and revocation is journalled on the connexion (name and hint, never the key).
 */
public final class ManageGatewayKeysService implements ManageGatewayKeysUseCase {

    static final String CREATED = "gateway_key_created";
    static final String REVOKED = "gateway_key_revoked";

    private final GatewayKeysPort keys;
    private final RandomGenerator random;
    private final Clock clock;

    /** @param random a cryptographically strong generator (SecureRandom): it makes the keys */
    public ManageGatewayKeysService(GatewayKeysPort keys, RandomGenerator random, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Mono<Either<ApplicationError, IssuedGatewayKey>> createGatewayKey(CreateGatewayKeyCommand command) {
        return Mono.defer(() -> {
            Instant now = clock.instant();
            GatewayKeyText text = GatewayKeyText.generate(random);
            return GatewayKey.issue(text, command.connexionId(), command.name(), command.expiresAt(),
                            command.caller().subject(), now)
                    .fold(problem -> Mono.just(Either.<ApplicationError, IssuedGatewayKey>left(new ApplicationError.Rejected(problem))),
                            issue -> keys.insertGatewayKey(command.caller(), issue, entry(command.caller(), now, CREATED,
                                            issue.name(), text.hint()))
                                    .map(stored -> stored.<ApplicationError>toEither(() -> notFound(command.connexionId()))
                                            .map(key -> new IssuedGatewayKey(text, key))));
        });
    }

    @Override
    public Mono<Either<ApplicationError, List<GatewayKey>>> gatewayKeys(Caller caller, ConnexionId connexionId) {
        return keys.listGatewayKeys(caller, connexionId)
                .map(found -> found.<ApplicationError>toEither(() -> notFound(connexionId)));
    }

    @Override
    public Mono<Either<ApplicationError, GatewayKey>> revokeGatewayKey(Caller caller, GatewayKeyId id) {
        return Mono.defer(() -> {
            Instant now = clock.instant();
            return keys.revokeGatewayKey(caller, id, key -> entry(caller, now, REVOKED, key.name(), key.hint()))
                    .map(found -> found.<ApplicationError>toEither(() -> new ApplicationError.NotFound(
                            "No gateway key " + id.value() + " visible to the caller")));
        });
    }

    private static AuditEntry entry(Caller caller, Instant at, String action, String name, String hint) {
        return new AuditEntry(at, caller.subject(), action, List.of("gatewayKeys"), Option.some(name + " (" + hint + ")"));
    }

    private static ApplicationError notFound(ConnexionId id) {
        return ConnexionCommandRunner.notFound(id);
    }
}
