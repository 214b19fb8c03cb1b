package fr.presenca.connexion.changelog;

import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.changelog.ChangeSet;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.ResourceAccessor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A fresh database in the shared embedded cluster, and the changelog run on it. */
final class TestDatabase {

    static final String CHANGELOG = "db/changelog/db.changelog-master.yaml";

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String url;

    private TestDatabase(String url) {
        this.url = url;
    }

    /** Creates an empty database named after the prefix (unique within the cluster). */
    static TestDatabase create(String prefix) {
        var cluster = EmbeddedPostgresCluster.get();
        String name = prefix.toLowerCase() + "_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection admin = cluster.getPostgresDatabase().getConnection();
             Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return new TestDatabase(cluster.getJdbcUrl("postgres", name));
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    /** Runs the master changelog (Liquibase update) over JDBC. */
    void migrate() throws Exception {
        try (Connection connection = connect()) {
            Database database = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(connection));
            Scope.child(Map.of(Scope.Attr.resourceAccessor.name(), resourceAccessor()), () ->
                    new CommandScope(UpdateCommandStep.COMMAND_NAME)
                            .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                            .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
                            .execute());
        }
    }

    /** Runs only the next {@code count} changesets of the master changelog: the schema of an earlier release. */
    void migrate(int count) throws Exception {
        try (Connection connection = connect()) {
            Database database = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(connection));
            Scope.child(Map.of(Scope.Attr.resourceAccessor.name(), resourceAccessor()), () ->
                    new CommandScope(liquibase.command.core.UpdateCountCommandStep.COMMAND_NAME)
                            .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                            .addArgumentValue(liquibase.command.core.UpdateCountCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
                            .addArgumentValue(liquibase.command.core.UpdateCountCommandStep.COUNT_ARG, count)
                            .execute());
        }
    }

    /** The changesets of the master changelog not yet recorded in this database. */
    List<String> pendingChangeSets() throws Exception {
        try (Connection connection = connect()) {
            Database database = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(connection));
            List<String> ids = new ArrayList<>();
            Scope.child(Map.of(Scope.Attr.resourceAccessor.name(), resourceAccessor()), () -> {
                @SuppressWarnings("deprecation")
                Liquibase liquibase = new Liquibase(CHANGELOG, resourceAccessor(), database);
                for (ChangeSet changeSet : liquibase.listUnrunChangeSets(new Contexts(), new LabelExpression())) {
                    ids.add(changeSet.getId());
                }
            });
            return ids;
        }
    }

    /** Runs a SQL script from the test classpath (statements split by the driver). */
    void runScript(String resource) throws SQLException {
        String sql;
        try (InputStream in = TestDatabase.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource);
            }
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Connection connection = connect(); Statement st = connection.createStatement()) {
            st.execute(sql);
        }
    }

    void execute(String sql, Object... params) throws SQLException {
        try (Connection connection = connect(); PreparedStatement st = connection.prepareStatement(sql)) {
            bind(st, params);
            st.execute();
        }
    }

    /** The first column of every row, as text. */
    List<String> column(String sql, Object... params) throws SQLException {
        try (Connection connection = connect()) {
            return column(connection, sql, params);
        }
    }

    static List<String> column(Connection connection, String sql, Object... params) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            bind(st, params);
            try (ResultSet rs = st.executeQuery()) {
                List<String> values = new ArrayList<>();
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
                return values;
            }
        }
    }

    /** Every row, each column as text. */
    List<List<String>> rows(String sql, Object... params) throws SQLException {
        try (Connection connection = connect()) {
            return rows(connection, sql, params);
        }
    }

    static List<List<String>> rows(Connection connection, String sql, Object... params) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            bind(st, params);
            try (ResultSet rs = st.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                List<List<String>> rows = new ArrayList<>();
                while (rs.next()) {
                    List<String> row = new ArrayList<>(columns);
                    for (int i = 1; i <= columns; i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    String single(String sql, Object... params) throws SQLException {
        List<String> values = column(sql, params);
        if (values.size() != 1) {
            throw new IllegalStateException("expected one row, got " + values.size() + " for " + sql);
        }
        return values.get(0);
    }

    private static void bind(PreparedStatement st, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            st.setObject(i + 1, params[i]);
        }
    }

    private static ResourceAccessor resourceAccessor() {
        return new ClassLoaderResourceAccessor(TestDatabase.class.getClassLoader());
    }
}
