package fr.presenca.connexion.application.service;

import java.util.UUID;

import fr.presenca.connexion.application.port.in.EnsureAdministratorUseCase;
import fr.presenca.connexion.application.port.out.SaveAdministratorPort;
import reactor.core.publisher.Mono;

public final class EnsureAdministratorService implements EnsureAdministratorUseCase {

    private final SaveAdministratorPort saveAdministrator;

    public EnsureAdministratorService(SaveAdministratorPort saveAdministrator) {
        this.saveAdministrator = saveAdministrator;
    }

    @Override
    public Mono<Void> ensureAdministrator(UUID userId) {
        // The e-mail only has to be unique; a bootstrapped administrator can be renamed later.
        return saveAdministrator.saveAdministrator(userId, "admin-" + userId + "@presenca.local");
    }
}
