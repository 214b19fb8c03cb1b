package fr.presenca.connexion.adapter.out.persistence;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.port.MeteringPortsContract;
import fr.presenca.connexion.application.port.out.AppendUsagePort;
import fr.presenca.connexion.application.port.out.ConsumeQuotaPort;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.DisplayName;
import org.springframework.r2dbc.core.DatabaseClient;

@DisplayName("The R2DBC metering adapter keeps the ports' contract on PostgreSQL")
class R2dbcMeteringPortsTest extends MeteringPortsContract {

    private static final TestDatabase DB = TestDatabase.migrated("metering_ports");
    private static final R2dbcMeteringPersistenceAdapter ADAPTER = adapter();

    private final UUID organisation = organisation();
    private final Caller owner = Caller.authenticated(user(organisation));

    private static R2dbcMeteringPersistenceAdapter adapter() {
        byte[] key = new byte[ApiKeyCipher.KEY_BYTES];
        new SecureRandom().nextBytes(key);
        ConnectionFactory service = DB.serviceConnectionFactory();
        return new R2dbcMeteringPersistenceAdapter(DatabaseClient.create(service),
                new ApiKeyCipher("k1", Map.of("k1", key)), 100, java.time.ZoneId.of("Europe/Paris"),
                new DecisionLimits(Duration.ofSeconds(2), Duration.ofSeconds(5), 1, 100));
    }

    private static UUID organisation() {
        UUID id = UUID.randomUUID();
        DB.execute("insert into organisations (organisation_id, name) values (?, ?)", id, "Contrat " + id);
        return id;
    }

    private static UUID user(UUID organisation) {
        UUID id = UUID.randomUUID();
        DB.execute("insert into users (users_id, email, organisation_id) values (?, ?, ?)",
                id, "u-" + id + "@contrat.example", organisation);
        return id;
    }

    private static ConnexionId connexion(UUID organisation, int dailyLimit) {
        UUID id = UUID.randomUUID();
        DB.execute("insert into openai_connexion (openai_connexion_id, organisation_id, client_id,"
                + " openai_limite_quotidienne, openai_modeles_autorises) values (?, ?, ?, ?, '{gpt-4o-mini}')",
                id, organisation, UUID.randomUUID(), dailyLimit);
        return new ConnexionId(id);
    }

    @Override
    protected ConsumeQuotaPort quota() {
        return ADAPTER;
    }

    @Override
    protected AppendUsagePort usage() {
        return ADAPTER;
    }

    @Override
    protected Caller owner() {
        return owner;
    }

    @Override
    protected ConnexionId givenConnexion(int dailyLimit) {
        return connexion(organisation, dailyLimit);
    }

    @Override
    protected ConnexionId givenInvisibleConnexion() {
        return connexion(organisation(), 10);
    }
}
