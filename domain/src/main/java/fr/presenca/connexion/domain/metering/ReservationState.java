package fr.presenca.connexion.domain.metering;

import io.vavr.collection.Stream;
import io.vavr.control.Option;

/** Where a reservation stands; {@link #code()} is the stored value. */
public enum ReservationState {
    /** Counts against the budget until settled or expired. */
    HELD("held"),
    /** Its usage was recorded: the exact cost replaced the hold. */
    SETTLED("settled"),
    /** Its time ran out before any usage was recorded; it no longer counts. */
    EXPIRED("expired");

    private final String code;

    ReservationState(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Option<ReservationState> fromCode(String code) {
        return Stream.of(values()).find(s -> s.code.equals(code));
    }
}
