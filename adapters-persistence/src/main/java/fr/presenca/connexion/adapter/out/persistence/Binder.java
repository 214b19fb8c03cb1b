package fr.presenca.connexion.adapter.out.persistence;

import java.util.Objects;

import org.springframework.r2dbc.core.DatabaseClient;

/** Binds positional parameters, nulls with their SQL type (R2DBC needs the type of a null). */
final class Binder {

    private DatabaseClient.GenericExecuteSpec spec;

    private Binder(DatabaseClient.GenericExecuteSpec spec) {
        this.spec = spec;
    }

    static Binder of(DatabaseClient.GenericExecuteSpec spec) {
        return new Binder(spec);
    }

    /** A value that is never null. */
    Binder bind(int index, Object value) {
        spec = spec.bind(index, Objects.requireNonNull(value, () -> "parameter " + (index + 1) + " is null"));
        return this;
    }

    /** A value that may be null. */
    Binder bind(int index, Object value, Class<?> type) {
        spec = value == null ? spec.bindNull(index, type) : spec.bind(index, value);
        return this;
    }

    /** Values from {@code first} on (0-based), {@link NullValue}s bound as typed nulls. */
    Binder bindAll(java.util.List<Object> values, int first) {
        for (int i = 0; i < values.size(); i++) {
            Object value = values.get(i);
            spec = value instanceof NullValue nullValue ? spec.bindNull(first + i, nullValue.type)
                    : spec.bind(first + i, value);
        }
        return this;
    }

    DatabaseClient.GenericExecuteSpec spec() {
        return spec;
    }
}
