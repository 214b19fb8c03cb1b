package fr.presenca.connexion.application.port;

import java.util.UUID;

import fr.presenca.connexion.application.fake.InMemoryConnexionStore;
import fr.presenca.connexion.application.fake.InMemoryVerificationSchedule;
import fr.presenca.connexion.application.port.out.DeleteConnexionPort;
import fr.presenca.connexion.application.port.out.LoadDueVerificationsPort;
import fr.presenca.connexion.application.port.out.RecordVerificationPort;
import fr.presenca.connexion.application.port.out.SaveConnexionPort;
import fr.presenca.connexion.application.port.out.VerificationRoundLockPort;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The in-memory verification schedule keeps the ports' contract")
class InMemoryVerificationScheduleTest extends VerificationPortsContract {

    private final InMemoryConnexionStore store = new InMemoryConnexionStore();
    private final InMemoryVerificationSchedule schedule = new InMemoryVerificationSchedule(store);

    @Override
    protected SaveConnexionPort save() {
        return store;
    }

    @Override
    protected DeleteConnexionPort delete() {
        return store;
    }

    @Override
    protected LoadDueVerificationsPort due() {
        return schedule;
    }

    @Override
    protected RecordVerificationPort record() {
        return schedule;
    }

    @Override
    protected VerificationRoundLockPort lock() {
        return schedule;
    }

    @Override
    protected UUID newOrganisation() {
        return UUID.randomUUID();
    }
}
