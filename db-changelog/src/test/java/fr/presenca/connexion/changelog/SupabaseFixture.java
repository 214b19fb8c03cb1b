package fr.presenca.connexion.changelog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;

/**
 * A database built like PRESENCA's live Supabase project (test resources {@value #PROJECT} and {@value #SEED}), for
 * the adoption tests here and in the bootstrap module (test-jar).
 */
public final class SupabaseFixture {

    /** Supabase's roles, the default privileges of public, the auth schema. */
    public static final String PROJECT = "supabase-project.sql";
    /** The platform's directory, the seed's table, triggers and policies in Supabase's form, rows with plaintext keys. */
    public static final String SEED = "supabase-seed.sql";
    /** The project's owner, standing for Supabase's non-superuser postgres role: it runs the changelog. */
    public static final String OWNER = "supabase_postgres";

    private SupabaseFixture() {
    }

    /** Builds the project and the seed in the database the connection (as a superuser) is on. */
    public static void build(Connection superuser) throws SQLException {
        run(superuser, PROJECT);
        run(superuser, SEED);
    }

    /**
     * Runs, over the owner's connection, the changelog as the releases before the migrations schema ran it: its
     * tables in public. What such a release leaves behind is what the service's start-up must adopt.
     */
    public static void runChangelogBeforeMigrationsSchema(Connection owner) throws Exception {
        Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(owner));
        Scope.child(Map.of(Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor(SupabaseFixture.class.getClassLoader())),
                () -> new CommandScope(UpdateCommandStep.COMMAND_NAME)
                        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                        .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, TestDatabase.CHANGELOG_BEFORE_MIGRATIONS_SCHEMA)
                        .execute());
    }

    static void run(Connection connection, String resource) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(text(resource));
        }
    }

    static String text(String resource) {
        try (InputStream in = SupabaseFixture.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
