package fr.presenca.connexion.application.port.out;

import java.util.List;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.domain.directory.DirectoryUser;
import fr.presenca.connexion.domain.directory.Organisation;
import io.vavr.control.Either;
import reactor.core.publisher.Mono;

/** Organisations and users, read and written under the caller's row-level security. */
public interface DirectoryPort {

    Mono<List<Organisation>> listOrganisations(Caller caller);

    /** Forbidden when the caller may not write the directory. */
    Mono<Either<ApplicationError, Organisation>> insertOrganisation(Caller caller, Organisation organisation);

    /** Forbidden when the caller may not; Conflict for a taken e-mail; InvalidReference for an unknown organisation. */
    Mono<Either<ApplicationError, DirectoryUser>> insertUser(Caller caller, DirectoryUser user);
}
