package fr.presenca.connexion.application.metering;

import java.util.Objects;

import fr.presenca.connexion.application.write.ConnexionWrite;
import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.metering.Reservation;

/** What the quota port must write for one decision, in the transaction that loaded the snapshot. */
public sealed interface QuotaDecision {

    /** The answer given to the caller. */
    Authorization answer();

    /** The key was answered before: write nothing, answer the same. */
    record Replay(Authorization answer) implements QuotaDecision {
        public Replay {
            Objects.requireNonNull(answer, "answer");
        }
    }

    /** Denied: record only the answer under the idempotency key. */
    record Deny(Authorization answer) implements QuotaDecision {
        public Deny {
            Objects.requireNonNull(answer, "answer");
            if (answer.allowed()) {
                throw new IllegalArgumentException("a denial answers allowed=false");
            }
        }
    }

    /** Admitted: write the connexion's change (its counters, maybe its status), the reservation, and the answer. */
    record Admit(ConnexionWrite write, Reservation reservation, Authorization answer) implements QuotaDecision {
        public Admit {
            Objects.requireNonNull(write, "write");
            Objects.requireNonNull(reservation, "reservation");
            Objects.requireNonNull(answer, "answer");
            if (!answer.allowed() || !answer.reservationId().contains(reservation.id())) {
                throw new IllegalArgumentException("an admission answers allowed=true with its reservation");
            }
            if (write.before().isEmpty()) {
                throw new IllegalArgumentException("an admission changes the connexion it locked");
            }
        }

        /** The connexion after the admission. */
        public Connexion connexion() {
            return write.connexion();
        }
    }
}
