package fr.presenca.connexion.application.fake;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import fr.presenca.connexion.domain.connexion.AllowedModels;
import fr.presenca.connexion.domain.connexion.ClientId;
import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.connexion.NewConnexion;
import fr.presenca.connexion.domain.connexion.OrganisationId;
import fr.presenca.connexion.domain.cost.Usd;
import io.vavr.control.Option;

/** Connexions for service tests, created through the domain like real ones. */
public final class Connexions {

    private Connexions() {
    }

    public static Connexion connexion(Instant createdAt, ZoneId zone, Option<Integer> dailyLimit, Option<Usd> budget,
                                      String... models) {
        NewConnexion request = new NewConnexion(new OrganisationId(UUID.randomUUID()), Option.none(),
                new ClientId(UUID.randomUUID()), Option.none(), Option.none(), Option.none(), Option.none(), dailyLimit,
                budget, Option.some(AllowedModels.of(List.of(models)).get()), Option.none(), Option.none());
        return Connexion.create(new ConnexionId(UUID.randomUUID()), request, createdAt, zone).get().connexion();
    }
}
