package fr.presenca.connexion.application.port;

import java.util.List;
import java.util.UUID;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.fake.InMemoryMetering;
import fr.presenca.connexion.application.port.out.AppendUsagePort;
import fr.presenca.connexion.application.port.out.ConsumeQuotaPort;
import fr.presenca.connexion.domain.connexion.AllowedModels;
import fr.presenca.connexion.domain.connexion.ClientId;
import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.connexion.NewConnexion;
import fr.presenca.connexion.domain.connexion.OrganisationId;
import io.vavr.control.Option;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The in-memory metering keeps the ports' contract")
class InMemoryMeteringTest extends MeteringPortsContract {

    private final InMemoryMetering metering = new InMemoryMetering();
    private final Caller owner = Caller.authenticated(UUID.randomUUID());

    @Override
    protected ConsumeQuotaPort quota() {
        return metering;
    }

    @Override
    protected AppendUsagePort usage() {
        return metering;
    }

    @Override
    protected Caller owner() {
        return owner;
    }

    @Override
    protected ConnexionId givenConnexion(int dailyLimit) {
        Connexion connexion = Connexion.create(new ConnexionId(UUID.randomUUID()),
                new NewConnexion(new OrganisationId(UUID.randomUUID()), Option.none(), new ClientId(UUID.randomUUID()),
                        Option.none(), Option.none(), Option.none(), Option.none(), Option.some(dailyLimit),
                        Option.none(), Option.some(AllowedModels.of(List.of("gpt-4o-mini")).get()), Option.none(),
                        Option.none()),
                java.time.Instant.now().minusSeconds(60), ZONE).get().connexion();
        metering.save(connexion);
        return connexion.id();
    }

    @Override
    protected ConnexionId givenInvisibleConnexion() {
        ConnexionId id = givenConnexion(10);
        metering.hide(id);
        return id;
    }
}
