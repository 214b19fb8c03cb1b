package fr.presenca.connexion.adapter.out.persistence;

import java.security.SecureRandom;
import java.util.Map;
import java.util.UUID;

import fr.presenca.connexion.application.port.VerificationPortsContract;
import fr.presenca.connexion.application.port.out.DeleteConnexionPort;
import fr.presenca.connexion.application.port.out.LoadDueVerificationsPort;
import fr.presenca.connexion.application.port.out.RecordVerificationPort;
import fr.presenca.connexion.application.port.out.SaveConnexionPort;
import fr.presenca.connexion.application.port.out.VerificationRoundLockPort;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.DisplayName;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/** As the service's login role: the schedule is read and written as service_role, the lock taken with no rights. */
@DisplayName("The PostgreSQL verification schedule and round lock keep the ports' contract")
class R2dbcVerificationPortsTest extends VerificationPortsContract {

    private static final TestDatabase DB = TestDatabase.migrated("verification_ports");
    private static final ConnectionFactory SERVICE = DB.serviceConnectionFactory();
    private static final TransactionalOperator TRANSACTIONS = TransactionalOperator.create(new R2dbcTransactionManager(SERVICE));
    private static final R2dbcConnexionPersistenceAdapter CONNEXIONS = connexions();
    private static final R2dbcVerificationScheduleAdapter SCHEDULE =
            new R2dbcVerificationScheduleAdapter(DatabaseClient.create(SERVICE), TRANSACTIONS);
    private static final PostgresVerificationRoundLock LOCK = new PostgresVerificationRoundLock(SERVICE);

    private static R2dbcConnexionPersistenceAdapter connexions() {
        byte[] key = new byte[ApiKeyCipher.KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return new R2dbcConnexionPersistenceAdapter(DatabaseClient.create(SERVICE), TRANSACTIONS,
                new ApiKeyCipher("k1", Map.of("k1", key)), 100);
    }

    @Override
    protected SaveConnexionPort save() {
        return CONNEXIONS;
    }

    @Override
    protected DeleteConnexionPort delete() {
        return CONNEXIONS;
    }

    @Override
    protected LoadDueVerificationsPort due() {
        return SCHEDULE;
    }

    @Override
    protected RecordVerificationPort record() {
        return SCHEDULE;
    }

    @Override
    protected VerificationRoundLockPort lock() {
        return LOCK;
    }

    @Override
    protected UUID newOrganisation() {
        UUID id = UUID.randomUUID();
        DB.execute("insert into organisations (organisation_id, name) values (?, ?)", id, "Vérification " + id);
        return id;
    }
}
