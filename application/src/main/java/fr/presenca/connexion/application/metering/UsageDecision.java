package fr.presenca.connexion.application.metering;

import java.util.Objects;

import fr.presenca.connexion.application.write.ConnexionWrite;
import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.metering.Reservation;
import fr.presenca.connexion.domain.metering.ReservationState;
import fr.presenca.connexion.domain.metering.UsageEvent;
import io.vavr.control.Option;

/** What the usage port must write, in the transaction that loaded the snapshot. */
public sealed interface UsageDecision {

    /** The event answered to the caller. */
    UsageEvent event();

    /** The key was recorded before: write nothing, answer the same event. */
    record Replay(UsageEvent event) implements UsageDecision {
        public Replay {
            Objects.requireNonNull(event, "event");
        }
    }

    /** Append the event, write the connexion's change (its cost, maybe its status), settle the reservation if any. */
    record Append(ConnexionWrite write, UsageEvent event, Option<Reservation> settled) implements UsageDecision {
        public Append {
            Objects.requireNonNull(write, "write");
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(settled, "settled");
            if (settled.exists(r -> r.state() != ReservationState.SETTLED)
                    || !settled.map(Reservation::id).equals(event.reservationId())) {
                throw new IllegalArgumentException("the event's reservation, if any, is the one settled");
            }
            if (write.before().isEmpty()) {
                throw new IllegalArgumentException("a usage changes the connexion it locked");
            }
        }

        /** The connexion after the usage. */
        public Connexion connexion() {
            return write.connexion();
        }
    }
}
