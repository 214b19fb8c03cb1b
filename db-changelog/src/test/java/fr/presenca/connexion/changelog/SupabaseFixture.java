package fr.presenca.connexion.changelog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

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
