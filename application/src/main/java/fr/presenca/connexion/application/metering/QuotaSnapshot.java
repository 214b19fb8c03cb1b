package fr.presenca.connexion.application.metering;

import java.util.Objects;

import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.cost.ModelPrice;
import fr.presenca.connexion.domain.cost.Usd;
import io.vavr.control.Option;

/**
 * Everything one admission decision needs, loaded while the connexion is locked, so that nothing in it
 * can change before the decision is written.
 *
 * @param connexion the connexion as stored (no reset applied yet), without its journal: decisions never read it, and
 *                  a write appends to the stored one
 * @param price     the requested model's price, None when it has none
 * @param held      USD held by the connexion's open reservations at the request's instant
 * @param previous  the answer already given under the request's idempotency key, if any
 */
public record QuotaSnapshot(Connexion connexion, Option<ModelPrice> price, Usd held, Option<Authorization> previous) {

    public QuotaSnapshot {
        Objects.requireNonNull(connexion, "connexion");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(held, "held");
        Objects.requireNonNull(previous, "previous");
    }
}
