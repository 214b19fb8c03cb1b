package fr.presenca.connexion.application.port.in;

import java.util.UUID;

import reactor.core.publisher.Mono;

/** Makes sure a user exists and is a PRESENCA administrator; running it again changes nothing. */
public interface EnsureAdministratorUseCase {

    Mono<Void> ensureAdministrator(UUID userId);
}
