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

/**
 * A fresh database in the shared embedded cluster, and the changelog run on it as the service runs it: first
 * {@code db/migrations-schema.sql}, then Liquibase with its own tables in {@value #MIGRATIONS_SCHEMA}.
 */
final class TestDatabase {

    static final String CHANGELOG = "db/changelog/db.changelog-master.yaml";
    /** The changelog of the releases that kept Liquibase's tables in public (changesets 0001-0025). */
    static final String CHANGELOG_BEFORE_MIGRATIONS_SCHEMA = "changelog-before-migrations-schema.yaml";
    /** The service's default spring.liquibase.liquibase-schema. */
    static final String MIGRATIONS_SCHEMA = "presenca_migrations";
    /** Where Liquibase's changelog table is, for queries. */
    static final String CHANGELOG_TABLE = MIGRATIONS_SCHEMA + ".databasechangelog";
    /** The changesets that run at every update (0048 first, 0049 last). */
    static final List<String> RUN_ALWAYS = List.of("0048-record-objects-before-update", "0049-close-new-objects-to-anon");

    private static final String SUPERUSER = "postgres";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String name;
    private final String owner;

    private TestDatabase(String name, String owner) {
        this.name = name;
        this.owner = owner;
    }

    /** Creates an empty database named after the prefix (unique within the cluster), owned by the superuser. */
    static TestDatabase create(String prefix) {
        return create(prefix, SUPERUSER);
    }

    /**
     * Creates an empty database whose changelog runs as the given role; {@link #buildSupabaseFixture} creates
     * {@link SupabaseFixture#OWNER} and hands it the database.
     */
    static TestDatabase create(String prefix, String owner) {
        var cluster = EmbeddedPostgresCluster.get();
        String name = prefix.toLowerCase() + "_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection admin = cluster.getPostgresDatabase().getConnection();
             Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return new TestDatabase(name, owner);
    }

    /** Connected as the role that runs the changelog. */
    Connection connect() throws SQLException {
        return connectAs(owner);
    }

    Connection connectAs(String role) throws SQLException {
        return DriverManager.getConnection(EmbeddedPostgresCluster.get().getJdbcUrl(role, name));
    }

    /** Runs the master changelog as the service does: the migrations schema prepared, then Liquibase update. */
    void migrate() throws Exception {
        try (Connection connection = connect()) {
            prepareMigrationsSchema(connection);
            update(connection, CHANGELOG);
        }
    }

    /** Runs only the next {@code count} changesets of the master changelog: the schema of an earlier release. */
    void migrate(int count) throws Exception {
        try (Connection connection = connect()) {
            prepareMigrationsSchema(connection);
            Database database = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(connection));
            database.setLiquibaseSchemaName(MIGRATIONS_SCHEMA);
            Scope.child(Map.of(Scope.Attr.resourceAccessor.name(), resourceAccessor()), () ->
                    new CommandScope(liquibase.command.core.UpdateCountCommandStep.COMMAND_NAME)
                            .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                            .addArgumentValue(liquibase.command.core.UpdateCountCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
                            .addArgumentValue(liquibase.command.core.UpdateCountCommandStep.COUNT_ARG, count)
                            .execute());
        }
    }

    /** Runs another changelog (a test's, around the master) the same way. */
    void migrate(String changelog) throws Exception {
        try (Connection connection = connect()) {
            prepareMigrationsSchema(connection);
            update(connection, changelog);
        }
    }

    /** Runs the changelog of the releases before the migrations schema, as they ran it: its tables in public. */
    void migrateAsBeforeMigrationsSchema() throws Exception {
        try (Connection connection = connect()) {
            SupabaseFixture.runChangelogBeforeMigrationsSchema(connection);
        }
    }

    /** db/migrations-schema.sql, with the parameters the service gives it, in one transaction. */
    static void prepareMigrationsSchema(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        try {
            rows(connection, "select set_config('presenca.migrations_schema', ?, true), "
                    + "set_config('presenca.migrations_tables', 'databasechangelog,databasechangeloglock', true)",
                    MIGRATIONS_SCHEMA);
            try (Statement st = connection.createStatement()) {
                st.execute(SupabaseFixture.text("db/migrations-schema.sql"));
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static void update(Connection connection, String changelog) throws Exception {
        Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
        database.setLiquibaseSchemaName(MIGRATIONS_SCHEMA);
        Scope.child(Map.of(Scope.Attr.resourceAccessor.name(), resourceAccessor()), () ->
                new CommandScope(UpdateCommandStep.COMMAND_NAME)
                        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                        .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, changelog)
                        .execute());
    }

    /**
     * The changesets of the master changelog not yet recorded in this database (the run-always ones included).
     * Like a start of the service, it prepares the migrations schema, where Liquibase then creates its tables.
     */
    List<String> pendingChangeSets() throws Exception {
        try (Connection connection = connect()) {
            prepareMigrationsSchema(connection);
            Database database = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(connection));
            database.setLiquibaseSchemaName(MIGRATIONS_SCHEMA);
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

    /** Builds {@link SupabaseFixture} here, as the cluster's superuser (it creates roles and sets owners). */
    void buildSupabaseFixture() throws SQLException {
        try (Connection connection = connectAs(SUPERUSER)) {
            SupabaseFixture.build(connection);
        }
    }

    /** Runs one script of {@link SupabaseFixture} here, as the cluster's superuser. */
    void runFixtureScript(String resource) throws SQLException {
        try (Connection connection = connectAs(SUPERUSER)) {
            SupabaseFixture.run(connection, resource);
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
