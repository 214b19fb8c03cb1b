package fr.presenca.connexion.application.port.out;

import java.util.UUID;

import reactor.core.publisher.Mono;

/** Creates the user when absent, and sets its PRESENCA administrator flag. */
public interface SaveAdministratorPort {

    Mono<Void> saveAdministrator(UUID userId, String email);
}
