package fr.presenca.connexion.application.service;

import java.time.Clock;
import java.time.ZoneId;

import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.application.port.in.UpdateConnexionCommand;
import fr.presenca.connexion.application.port.in.UpdateConnexionUseCase;
import fr.presenca.connexion.application.port.out.LoadConnexionPort;
import fr.presenca.connexion.application.port.out.SaveConnexionPort;
import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.connexion.ApiKey;
import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.ConnexionChanges;
import io.vavr.control.Either;
import io.vavr.control.Option;
import reactor.core.publisher.Mono;

public final class UpdateConnexionService implements UpdateConnexionUseCase {

    private final ConnexionCommandRunner runner;
    private final Clock clock;
    private final ZoneId zone;

    public UpdateConnexionService(LoadConnexionPort load, SaveConnexionPort save, Clock clock, ZoneId zone) {
        this.runner = new ConnexionCommandRunner(load, save);
        this.clock = clock;
        this.zone = zone;
    }

    @Override
    public Mono<Either<ApplicationError, Connexion>> updateConnexion(UpdateConnexionCommand command) {
        // Validate everything before loading: a bad input is answered without touching the database.
        Either<DomainError, Option<ApiKey>> key = command.apiKey().isEmpty()
                ? Either.right(Option.none())
                : ApiKey.of(command.apiKey().get()).map(Option::some);
        Either<DomainError, ConnexionChanges> changes = command.changes().validate();
        Option<DomainError> problems = DomainError.problemsOf(changes, key);
        if (problems.isDefined()) {
            return Mono.just(Either.left(new ApplicationError.Rejected(problems.get())));
        }
        return runner.run(command.caller(), command.id(),
                before -> before.update(changes.get(), key.get(), clock.instant(), zone));
    }
}
