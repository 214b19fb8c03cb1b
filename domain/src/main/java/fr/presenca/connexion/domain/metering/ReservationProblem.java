package fr.presenca.connexion.domain.metering;

/** Why recorded usage cannot settle a reservation. Nothing is recorded then. */
public enum ReservationProblem {
    /** Usage was already recorded against it (under another idempotency key). */
    ALREADY_SETTLED("reservationId", "the reservation is already settled"),
    /** Its time-to-live passed: it no longer holds anything; record the usage without a reservation. */
    EXPIRED("reservationId", "the reservation has expired; record the usage without a reservationId"),
    /** The usage names another model than the one admitted. */
    MODEL_MISMATCH("model", "the reservation was made for another model");

    private final String field;
    private final String message;

    ReservationProblem(String field, String message) {
        this.field = field;
        this.message = message;
    }

    /** The input field at fault. */
    public String field() {
        return field;
    }

    public String message() {
        return message;
    }
}
