package fr.presenca.connexion.adapter.out.persistence;

import java.security.SecureRandom;
import java.util.Map;
import java.util.UUID;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.port.ConnexionPortsContract;
import fr.presenca.connexion.application.port.out.DeleteConnexionPort;
import fr.presenca.connexion.application.port.out.ListConnexionsPort;
import fr.presenca.connexion.application.port.out.LoadConnexionPort;
import fr.presenca.connexion.application.port.out.SaveConnexionPort;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.DisplayName;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

@DisplayName("The R2DBC connexion adapter keeps the ports' contract on PostgreSQL")
class R2dbcConnexionPortsTest extends ConnexionPortsContract {

    private static final TestDatabase DB = TestDatabase.migrated("connexion_ports");
    private static final R2dbcConnexionPersistenceAdapter ADAPTER = adapter();

    private static R2dbcConnexionPersistenceAdapter adapter() {
        byte[] key = new byte[ApiKeyCipher.KEY_BYTES];
        new SecureRandom().nextBytes(key);
        ConnectionFactory service = DB.serviceConnectionFactory();
        return new R2dbcConnexionPersistenceAdapter(DatabaseClient.create(service),
                TransactionalOperator.create(new R2dbcTransactionManager(service)),
                new ApiKeyCipher("k1", Map.of("k1", key)), 100);
    }

    @Override
    protected LoadConnexionPort load() {
        return ADAPTER;
    }

    @Override
    protected ListConnexionsPort list() {
        return ADAPTER;
    }

    @Override
    protected SaveConnexionPort save() {
        return ADAPTER;
    }

    @Override
    protected DeleteConnexionPort delete() {
        return ADAPTER;
    }

    @Override
    protected UUID newOrganisation() {
        UUID id = UUID.randomUUID();
        DB.execute("insert into organisations (organisation_id, name) values (?, ?)", id, "Contrat " + id);
        return id;
    }

    @Override
    protected Caller memberOf(UUID organisation) {
        return Caller.authenticated(user(organisation, false));
    }

    @Override
    protected Caller admin() {
        return Caller.authenticated(user(null, true));
    }

    private static UUID user(UUID organisation, boolean admin) {
        UUID id = UUID.randomUUID();
        DB.execute("insert into users (users_id, email, organisation_id, admin_presenca) values (?, ?, ?, ?)",
                id, "u-" + id + "@contrat.example", organisation, admin);
        return id;
    }
}
