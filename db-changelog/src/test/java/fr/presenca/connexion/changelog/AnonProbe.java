package fr.presenca.connexion.changelog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tries, as {@code anon} (the role of Supabase's public API key), to read and change database objects: for each
 * table a select, an insert, an update, a delete and a truncate (the same but truncate for an updatable view, a
 * select for other views), for each sequence a select, nextval and setval, for each routine a call. Each attempt runs in its own transaction, rolled back whatever it did.
 * The outcome of an attempt is the SQLSTATE it failed with ({@value #DENIED} is "permission denied"), or what it did.
 * <p>
 * Shared with the bootstrap module's tests (test-jar), which probe a database the service itself migrated.
 */
public final class AnonProbe {

    /** SQLSTATE insufficient_privilege. */
    public static final String DENIED = "42501";

    /**
     * Every table, view, sequence and routine outside PostgreSQL's own schemas, one line each:
     * {@code kind|qualified name|a column it can set (not an identity), or the routine's arguments as NULLs}. Compare two of these lists to find what was added.
     */
    public static final String OBJECTS = """
            select case when c.relkind = 'S' then 'sequence'
                        when c.relkind = 'm' or (c.relkind = 'v' and pg_relation_is_updatable(c.oid, false) = 0) then 'read-only view'
                        when c.relkind = 'v' then 'view'
                        else 'table' end
                   || '|' || format('%I.%I', n.nspname, c.relname)
                   || '|' || case when c.relkind = 'S' then ''
                                  else coalesce((select quote_ident(a.attname) from pg_catalog.pg_attribute a
                                                  where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
                                                    and a.attidentity = '' and a.attgenerated = ''
                                                  order by a.attnum limit 1), '') end
              from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
             where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
               and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
            union all
            select case p.prokind when 'p' then 'procedure' else 'function' end
                   || '|' || format('%I.%I', n.nspname, p.proname)
                   || '|' || coalesce((select string_agg('NULL::' || format_type(t.type, null), ', ' order by t.ord)
                                         from unnest(p.proargtypes::oid[]) with ordinality t(type, ord)), '')
              from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
             where p.prokind in ('f', 'p', 'a')
               and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
             order by 1""";

    private AnonProbe() {
    }

    /** The objects of {@link #OBJECTS} in the connection's database. */
    public static List<String> objects(Connection connection) throws SQLException {
        List<String> objects = new ArrayList<>();
        try (PreparedStatement st = connection.prepareStatement(OBJECTS); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                objects.add(rs.getString(1));
            }
        }
        return objects;
    }

    /**
     * Tries every attempt on every object, as anon, over a connection whose role may {@code SET ROLE anon}.
     * Returns attempt → outcome, e.g. {@code "delete from public.t" → "42501"}.
     */
    public static Map<String, String> attempts(Connection connection, List<String> objects) throws SQLException {
        Map<String, String> outcomes = new LinkedHashMap<>();
        for (String object : objects) {
            for (String attempt : attemptsOn(object)) {
                outcomes.put(attempt, outcome(connection, attempt));
            }
        }
        return outcomes;
    }

    private static List<String> attemptsOn(String object) {
        String[] parts = object.split("\\|", -1);
        String kind = parts[0];
        String name = parts[1];
        String detail = parts[2];
        return switch (kind) {
            case "sequence" -> List.of("select * from " + name, "select nextval('" + name + "')",
                    "select setval('" + name + "', 1)");
            case "function" -> List.of("select " + name + "(" + detail + ")");
            case "procedure" -> List.of("call " + name + "(" + detail + ")");
            case "read-only view" -> List.of("select * from " + name + " limit 1");
            case "view" -> List.of("select * from " + name + " limit 1",
                    "insert into " + name + " default values",
                    "update " + name + " set " + detail + " = " + detail,
                    "delete from " + name);
            default -> List.of("select * from " + name + " limit 1",
                    "insert into " + name + " default values",
                    "update " + name + " set " + detail + " = " + detail,
                    "delete from " + name,
                    "truncate " + name);
        };
    }

    private static String outcome(Connection connection, String attempt) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            st.execute("set local role anon");
            boolean rows = st.execute(attempt);
            int count = 0;
            if (rows) {
                try (ResultSet rs = st.getResultSet()) {
                    while (rs.next()) {
                        count++;
                    }
                }
            } else {
                count = st.getUpdateCount();
            }
            return "allowed (" + count + " rows)";
        } catch (SQLException e) {
            return e.getSQLState();
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
    }
}
