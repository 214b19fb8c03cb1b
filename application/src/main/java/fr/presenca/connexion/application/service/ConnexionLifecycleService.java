package fr.presenca.connexion.application.service;

import java.time.Clock;
import java.time.ZoneId;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.application.port.in.ConnexionLifecycleUseCase;
import fr.presenca.connexion.application.port.out.LoadConnexionPort;
import fr.presenca.connexion.application.port.out.SaveConnexionPort;
import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import io.vavr.control.Either;
import io.vavr.control.Option;
import reactor.core.publisher.Mono;

public final class ConnexionLifecycleService implements ConnexionLifecycleUseCase {

    private final ConnexionCommandRunner runner;
    private final Clock clock;
    private final ZoneId zone;

    public ConnexionLifecycleService(LoadConnexionPort load, SaveConnexionPort save, Clock clock, ZoneId zone) {
        this.runner = new ConnexionCommandRunner(load, save);
        this.clock = clock;
        this.zone = zone;
    }

    @Override
    public Mono<Either<ApplicationError, Connexion>> activateConnexion(Caller caller, ConnexionId id) {
        return runner.run(caller, id, connexion -> connexion.activate(clock.instant(), zone));
    }

    @Override
    public Mono<Either<ApplicationError, Connexion>> deactivateConnexion(Caller caller, ConnexionId id,
                                                                         Option<String> reason) {
        return runner.run(caller, id, connexion -> connexion.deactivate(reason, clock.instant()));
    }
}
