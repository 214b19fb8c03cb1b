package fr.presenca.connexion.application.port.out;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.domain.connexion.OrganisationId;
import io.vavr.control.Option;
import reactor.core.publisher.Mono;

/** The caller's own organisation, as the database's {@code get_user_organisation_id} says. */
public interface LoadCallerOrganisationPort {

    Mono<Option<OrganisationId>> loadCallerOrganisation(Caller caller);
}
