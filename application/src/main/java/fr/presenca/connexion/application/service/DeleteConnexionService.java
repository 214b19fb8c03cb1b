package fr.presenca.connexion.application.service;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.application.port.in.DeleteConnexionUseCase;
import fr.presenca.connexion.application.port.out.DeleteConnexionPort;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import io.vavr.control.Either;
import reactor.core.publisher.Mono;

public final class DeleteConnexionService implements DeleteConnexionUseCase {

    private final DeleteConnexionPort delete;

    public DeleteConnexionService(DeleteConnexionPort delete) {
        this.delete = delete;
    }

    @Override
    public Mono<Either<ApplicationError, ConnexionId>> deleteConnexion(Caller caller, ConnexionId id) {
        return delete.deleteConnexion(caller, id).map(deleted -> deleted
                ? Either.<ApplicationError, ConnexionId>right(id)
                : Either.left(ConnexionCommandRunner.notFound(id)));
    }
}
