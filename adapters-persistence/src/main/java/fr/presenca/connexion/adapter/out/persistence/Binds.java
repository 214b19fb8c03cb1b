package fr.presenca.connexion.adapter.out.persistence;

import java.util.List;

import org.springframework.r2dbc.core.DatabaseClient;

/** Binds positional values, turning {@link NullValue}s into typed NULLs. */
final class Binds {

    private Binds() {
    }

    static DatabaseClient.GenericExecuteSpec all(DatabaseClient.GenericExecuteSpec spec, List<Object> values) {
        for (int i = 0; i < values.size(); i++) {
            Object value = values.get(i);
            spec = value instanceof NullValue nullValue ? spec.bindNull(i, nullValue.type) : spec.bind(i, value);
        }
        return spec;
    }

    static Object orNull(Object value, NullValue type) {
        return value == null ? type : value;
    }
}
