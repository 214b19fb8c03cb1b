package fr.presenca.connexion.adapter.out.persistence;

import java.util.List;
import java.util.Objects;

import io.r2dbc.spi.Statement;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Binds positional parameters, nulls with their SQL type (R2DBC needs the type of a null), on a DatabaseClient
 * spec or on a bare R2DBC statement (the metering hot path, see {@link PipelinedCallerTransactions}).
 */
final class Binder {

    private DatabaseClient.GenericExecuteSpec spec;
    private final Statement statement;

    private Binder(DatabaseClient.GenericExecuteSpec spec, Statement statement) {
        this.spec = spec;
        this.statement = statement;
    }

    static Binder of(DatabaseClient.GenericExecuteSpec spec) {
        return new Binder(spec, null);
    }

    static Binder of(Statement statement) {
        return new Binder(null, statement);
    }

    /** A value that is never null. */
    Binder bind(int index, Object value) {
        return value(index, Objects.requireNonNull(value, () -> "parameter " + (index + 1) + " is null"));
    }

    /** A value that may be null. */
    Binder bind(int index, Object value, Class<?> type) {
        return value == null ? nullOf(index, type) : value(index, value);
    }

    /** Values from {@code first} on (0-based), {@link NullValue}s bound as typed nulls. */
    Binder bindAll(List<Object> values, int first) {
        for (int i = 0; i < values.size(); i++) {
            Object value = values.get(i);
            if (value instanceof NullValue nullValue) {
                nullOf(first + i, nullValue.type);
            } else {
                value(first + i, value);
            }
        }
        return this;
    }

    DatabaseClient.GenericExecuteSpec spec() {
        return Objects.requireNonNull(spec, "bound on a bare statement");
    }

    Statement statement() {
        return Objects.requireNonNull(statement, "bound on a DatabaseClient spec");
    }

    private Binder value(int index, Object value) {
        if (statement != null) {
            statement.bind(index, value);
        } else {
            spec = spec.bind(index, value);
        }
        return this;
    }

    private Binder nullOf(int index, Class<?> type) {
        if (statement != null) {
            statement.bindNull(index, type);
        } else {
            spec = spec.bindNull(index, type);
        }
        return this;
    }
}
