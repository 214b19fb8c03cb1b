package fr.presenca.connexion.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import liquibase.integration.spring.SpringLiquibase;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Runs the changelog's {@code db/migrations-schema.sql} on Liquibase's own connection (the owner's) just before
 * Liquibase runs: it creates {@code spring.liquibase.liquibase-schema} without any right for the API roles, and
 * moves there the changelog tables that earlier releases left in public, so that no changeset runs again.
 * Liquibase cannot do it itself: it reads its tables before any changeset, and does not create their schema.
 */
final class MigrationsSchemaPreparation implements BeanPostProcessor {

    static final String SCRIPT = "db/migrations-schema.sql";

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        // Before initialization: SpringLiquibase migrates in afterPropertiesSet, then Boot closes its DataSource.
        if (bean instanceof SpringLiquibase liquibase && !isBlank(liquibase.getLiquibaseSchema())) {
            prepare(liquibase.getDataSource(), liquibase.getLiquibaseSchema(),
                    orDefault(liquibase.getDatabaseChangeLogTable(), "databasechangelog") + ","
                            + orDefault(liquibase.getDatabaseChangeLogLockTable(), "databasechangeloglock"));
        }
        return bean;
    }

    static void prepare(DataSource dataSource, String schema, String tables) {
        String script = script();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement parameters = connection.prepareStatement(
                    "select set_config('presenca.migrations_schema', ?, true), set_config('presenca.migrations_tables', ?, true)");
                 Statement statement = connection.createStatement()) {
                parameters.setString(1, schema);
                parameters.setString(2, tables);
                parameters.execute();
                statement.execute(script);
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prepare the schema " + schema + " of Liquibase's tables: "
                    + e.getMessage(), e);
        }
    }

    private static String script() {
        try (InputStream in = MigrationsSchemaPreparation.class.getClassLoader().getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is missing from the classpath (db-changelog)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String orDefault(String value, String otherwise) {
        return isBlank(value) ? otherwise : value;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
