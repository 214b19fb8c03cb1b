package fr.presenca.connexion.application.service;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.port.in.FindConnexionUseCase;
import fr.presenca.connexion.application.port.out.LoadConnexionPort;
import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import io.vavr.control.Option;
import reactor.core.publisher.Mono;

public final class FindConnexionService implements FindConnexionUseCase {

    private final LoadConnexionPort loadConnexion;

    public FindConnexionService(LoadConnexionPort loadConnexion) {
        this.loadConnexion = loadConnexion;
    }

    @Override
    public Mono<Option<Connexion>> findConnexion(Caller caller, ConnexionId id) {
        return loadConnexion.loadConnexion(caller, id);
    }
}
