package fr.presenca.connexion.application.metering;

import java.time.LocalDate;
import java.util.Objects;

import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.connexion.ModelName;
import fr.presenca.connexion.domain.cost.Usd;
import io.vavr.control.Option;

/**
 * Sums of the ledger over one bucket of a usage summary: a day, a model, a connexion, or any combination, each
 * None when the summary is not grouped by it.
 *
 * @param day  the day in the quota zone
 * @param cost the exact sum of the events' costs
 */
public record UsageBucket(Option<LocalDate> day, Option<ModelName> model, Option<ConnexionId> connexionId,
                          long requests, long inputTokens, long cachedInputTokens, long outputTokens, Usd cost) {

    public UsageBucket {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(connexionId, "connexionId");
        Objects.requireNonNull(cost, "cost");
    }
}
