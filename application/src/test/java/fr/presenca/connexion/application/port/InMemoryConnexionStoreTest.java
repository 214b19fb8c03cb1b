package fr.presenca.connexion.application.port;

import java.util.UUID;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.fake.InMemoryConnexionStore;
import fr.presenca.connexion.application.port.out.DeleteConnexionPort;
import fr.presenca.connexion.application.port.out.ListConnexionsPort;
import fr.presenca.connexion.application.port.out.LoadConnexionPort;
import fr.presenca.connexion.application.port.out.SaveConnexionPort;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The in-memory connexion store keeps the ports' contract")
class InMemoryConnexionStoreTest extends ConnexionPortsContract {

    private final InMemoryConnexionStore store = new InMemoryConnexionStore();

    @Override
    protected LoadConnexionPort load() {
        return store;
    }

    @Override
    protected ListConnexionsPort list() {
        return store;
    }

    @Override
    protected SaveConnexionPort save() {
        return store;
    }

    @Override
    protected DeleteConnexionPort delete() {
        return store;
    }

    @Override
    protected UUID newOrganisation() {
        return UUID.randomUUID();
    }

    @Override
    protected Caller memberOf(UUID organisation) {
        UUID user = UUID.randomUUID();
        store.member(user, organisation);
        return Caller.authenticated(user);
    }

    @Override
    protected Caller admin() {
        UUID user = UUID.randomUUID();
        store.admin(user);
        return Caller.authenticated(user);
    }
}
