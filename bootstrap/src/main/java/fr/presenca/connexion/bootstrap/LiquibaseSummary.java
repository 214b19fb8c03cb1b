package fr.presenca.connexion.bootstrap;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import liquibase.integration.spring.SpringLiquibase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Liquibase logs at WARN (a line per changeset otherwise); this logs its run in one line: the last changeset of the
 * schema and how many this start applied. It reads the changelog table before and after Liquibase runs (the
 * {@link SpringLiquibase} bean runs it while being initialised).
 */
final class LiquibaseSummary implements BeanPostProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(LiquibaseSummary.class);

    private long before;

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof SpringLiquibase liquibase) {
            before = state(liquibase).applied();
        }
        return bean;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof SpringLiquibase liquibase) {
            State after = state(liquibase);
            LOG.info("Database schema at changeset {}, {} applied", after.last(), after.applied() - before);
        }
        return bean;
    }

    private record State(long applied, String last) {
    }

    private static State state(SpringLiquibase liquibase) {
        DataSource dataSource = liquibase.getDataSource();
        String schema = liquibase.getLiquibaseSchema() != null ? liquibase.getLiquibaseSchema() + "." : "";
        String table = schema + (liquibase.getDatabaseChangeLogTable() != null
                ? liquibase.getDatabaseChangeLogTable() : "databasechangelog");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            if (!exists(connection, table)) {
                return new State(0, "none");
            }
            try (ResultSet rows = statement.executeQuery("select count(*), (select id from " + table
                    + " order by orderexecuted desc limit 1) from " + table)) {
                rows.next();
                return new State(rows.getLong(1), rows.getString(2) == null ? "none" : rows.getString(2));
            }
        } catch (SQLException e) {
            // Only a summary: Liquibase itself reports what went wrong.
            LOG.warn("Could not read the Liquibase changelog table: {}", e.getMessage());
            return new State(0, "unknown");
        }
    }

    private static boolean exists(Connection connection, String table) throws SQLException {
        try (var statement = connection.prepareStatement("select to_regclass(?) is not null")) {
            statement.setString(1, table);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getBoolean(1);
            }
        }
    }
}
