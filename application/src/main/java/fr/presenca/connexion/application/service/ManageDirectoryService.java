package fr.presenca.connexion.application.service;

import java.util.List;
import java.util.UUID;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.application.port.in.ManageDirectoryUseCase;
import fr.presenca.connexion.application.port.out.DirectoryPort;
import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.DomainError.InvalidField;
import fr.presenca.connexion.domain.connexion.EmailAddress;
import fr.presenca.connexion.domain.connexion.OrganisationId;
import fr.presenca.connexion.domain.connexion.UserId;
import fr.presenca.connexion.domain.directory.DirectoryUser;
import fr.presenca.connexion.domain.directory.Organisation;
import io.vavr.control.Either;
import io.vavr.control.Option;
import reactor.core.publisher.Mono;

public final class ManageDirectoryService implements ManageDirectoryUseCase {

    private final DirectoryPort directory;

    public ManageDirectoryService(DirectoryPort directory) {
        this.directory = directory;
    }

    @Override
    public Mono<List<Organisation>> listOrganisations(Caller caller) {
        return directory.listOrganisations(caller);
    }

    @Override
    public Mono<Either<ApplicationError, Organisation>> createOrganisation(Caller caller, String name) {
        return Organisation.validName(name).fold(
                error -> Mono.just(Either.left(new ApplicationError.Rejected(error))),
                valid -> directory.insertOrganisation(caller,
                        new Organisation(new OrganisationId(UUID.randomUUID()), valid)));
    }

    @Override
    public Mono<Either<ApplicationError, DirectoryUser>> createUser(Caller caller, UUID organisationId, String email,
                                                                    boolean adminPresenca) {
        Either<DomainError, OrganisationId> organisation = organisationId == null
                ? Either.left(InvalidField.of("organisationId", "is required"))
                : Either.right(new OrganisationId(organisationId));
        Either<DomainError, EmailAddress> address = EmailAddress.of(email)
                .mapLeft(error -> InvalidField.of("email", "must be a valid e-mail address"));
        Option<DomainError> problems = DomainError.problemsOf(organisation, address);
        if (problems.isDefined()) {
            return Mono.just(Either.left(new ApplicationError.Rejected(problems.get())));
        }
        return directory.insertUser(caller, new DirectoryUser(new UserId(UUID.randomUUID()), address.get(),
                Option.some(organisation.get()), adminPresenca));
    }
}
