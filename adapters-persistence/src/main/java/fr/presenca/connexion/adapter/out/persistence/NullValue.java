package fr.presenca.connexion.adapter.out.persistence;

/** A typed SQL NULL in a list of bind values (R2DBC needs the type of a null). */
enum NullValue {
    TEXT(String.class),
    BOOLEAN(Boolean.class),
    INTEGER(Integer.class),
    NUMERIC(java.math.BigDecimal.class),
    TIMESTAMP(java.time.OffsetDateTime.class),
    UUID(java.util.UUID.class),
    TEXT_ARRAY(String[].class);

    final Class<?> type;

    NullValue(Class<?> type) {
        this.type = type;
    }

    /** The value, or this typed NULL in its place. */
    static Object orNull(Object value, NullValue type) {
        return value == null ? type : value;
    }
}
