package fr.presenca.connexion.application.service;

import java.time.Clock;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.application.port.in.ManageApiKeyUseCase;
import fr.presenca.connexion.application.port.out.LoadConnexionPort;
import fr.presenca.connexion.application.port.out.SaveConnexionPort;
import fr.presenca.connexion.domain.connexion.ApiKey;
import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import io.vavr.control.Either;
import reactor.core.publisher.Mono;

public final class ManageApiKeyService implements ManageApiKeyUseCase {

    private final ConnexionCommandRunner runner;
    private final Clock clock;

    public ManageApiKeyService(LoadConnexionPort load, SaveConnexionPort save, Clock clock) {
        this.runner = new ConnexionCommandRunner(load, save);
        this.clock = clock;
    }

    @Override
    public Mono<Either<ApplicationError, Connexion>> setApiKey(Caller caller, ConnexionId id, String apiKey) {
        // The key is checked before anything is loaded, so a malformed key costs no database round trip.
        return ApiKey.of(apiKey).fold(
                error -> Mono.just(Either.left(new ApplicationError.Rejected(error))),
                key -> runner.run(caller, id, connexion -> connexion.withApiKey(key, clock.instant())));
    }

    @Override
    public Mono<Either<ApplicationError, Connexion>> clearApiKey(Caller caller, ConnexionId id) {
        return runner.run(caller, id, connexion -> connexion.withoutApiKey(clock.instant()));
    }
}
