package fr.presenca.connexion.application.metering;

import java.util.Objects;

import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.cost.ModelPrice;
import fr.presenca.connexion.domain.metering.Reservation;
import fr.presenca.connexion.domain.metering.UsageEvent;
import io.vavr.control.Option;

/**
 * Everything recording one usage needs, loaded while the connexion is locked.
 *
 * @param connexion   the connexion as stored (no reset applied yet), without its journal (never read here)
 * @param price       the used model's price in effect when the reservation was admitted (when the usage is
 *                    recorded, without a reservation), None when it has none
 * @param previous    the event already recorded under the request's idempotency key, if any
 * @param reservation the requested reservation if it exists on this connexion (None when not asked for)
 */
public record UsageSnapshot(Connexion connexion, Option<ModelPrice> price, Option<UsageEvent> previous,
                            Option<Reservation> reservation) {

    public UsageSnapshot {
        Objects.requireNonNull(connexion, "connexion");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(reservation, "reservation");
    }
}
