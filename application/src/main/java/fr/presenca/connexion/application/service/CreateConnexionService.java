package fr.presenca.connexion.application.service;

import java.time.Clock;
import java.time.ZoneId;
import java.util.UUID;

import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.application.port.in.CreateConnexionCommand;
import fr.presenca.connexion.application.port.in.CreateConnexionUseCase;
import fr.presenca.connexion.application.write.ConnexionWrite;
import fr.presenca.connexion.application.port.out.LoadCallerOrganisationPort;
import fr.presenca.connexion.application.port.out.SaveConnexionPort;
import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.connexion.NewConnexion;
import fr.presenca.connexion.domain.connexion.OrganisationId;
import io.vavr.control.Either;
import io.vavr.control.Option;
import reactor.core.publisher.Mono;

/**
 * Creates a connexion. Whether the caller may create it in the organisation it names is the database's
 * row-level security decision (admins: any; others: their own), not a rule repeated here.
 */
public final class CreateConnexionService implements CreateConnexionUseCase {

    private final LoadCallerOrganisationPort callerOrganisation;
    private final SaveConnexionPort save;
    private final Clock clock;
    private final ZoneId zone;

    public CreateConnexionService(LoadCallerOrganisationPort callerOrganisation, SaveConnexionPort save, Clock clock,
                                  ZoneId zone) {
        this.callerOrganisation = callerOrganisation;
        this.save = save;
        this.clock = clock;
        this.zone = zone;
    }

    @Override
    public Mono<Either<ApplicationError, Connexion>> createConnexion(CreateConnexionCommand command) {
        Option<UUID> named = Option.of(command.fields().organisationId());
        Mono<Option<UUID>> organisation = named.isDefined()
                ? Mono.just(named)
                : callerOrganisation.loadCallerOrganisation(command.caller()).map(own -> own.map(OrganisationId::value));
        return organisation.flatMap(chosen -> {
            if (chosen.isEmpty()) {
                return Mono.just(Either.left(new ApplicationError.InvalidReference("organisationId",
                        "organisationId: required, the caller belongs to no organisation")));
            }
            NewConnexion.Input input = command.fields().ownedBy(chosen.get(), command.caller().subject());
            return input.validate()
                    .flatMap(valid -> Connexion.create(new ConnexionId(UUID.randomUUID()), valid, clock.instant(), zone))
                    .fold(error -> Mono.just(Either.<ApplicationError, Connexion>left(new ApplicationError.Rejected(error))),
                            created -> save.insertConnexion(command.caller(),
                                    ConnexionWrite.of(created, command.caller().subject())));
        });
    }
}
