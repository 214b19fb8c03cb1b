package fr.presenca.connexion.bootstrap;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A connexion row held locked by another transaction (an administrator's SQL session, a long batch), as the
 * database owner over JDBC, until closed.
 */
final class RowLock implements AutoCloseable {

    private final Connection connection;

    private RowLock(Connection connection) {
        this.connection = connection;
    }

    static RowLock on(String r2dbcUrl, UUID connexion) {
        try {
            Connection connection = DriverManager.getConnection(DatabaseEnvironmentPostProcessor.jdbcUrlOf(r2dbcUrl),
                    DatabaseEnvironmentPostProcessor.EMBEDDED_OWNER, "");
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("select 1 from openai_connexion where openai_connexion_id = '" + connexion + "' for update");
            }
            return new RowLock(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot lock connexion " + connexion, e);
        }
    }

    @Override
    public void close() {
        try {
            connection.rollback();
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
