package fr.presenca.connexion.application.port.in;

import java.util.List;
import java.util.UUID;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.domain.directory.DirectoryUser;
import fr.presenca.connexion.domain.directory.Organisation;
import io.vavr.control.Either;
import reactor.core.publisher.Mono;

/**
 * The small standalone directory: organisations and users, so the service can run without a Supabase
 * project. Writing is for PRESENCA admins; the database's row-level security decides who sees what.
 */
public interface ManageDirectoryUseCase {

    Mono<List<Organisation>> listOrganisations(Caller caller);

    Mono<Either<ApplicationError, Organisation>> createOrganisation(Caller caller, String name);

    Mono<Either<ApplicationError, DirectoryUser>> createUser(Caller caller, UUID organisationId, String email,
                                                             boolean adminPresenca);
}
