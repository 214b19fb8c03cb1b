package fr.presenca.connexion.bootstrap;

import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;

/** Rows written straight into the database as its owner, the way an existing Supabase project holds them. */
final class Fixtures {

    private final DatabaseClient database;

    Fixtures(DatabaseClient database) {
        this.database = database;
    }

    UUID organisation(String name) {
        UUID id = UUID.randomUUID();
        database.sql("insert into organisations (organisation_id, name) values ($1, $2)")
                .bind(0, id).bind(1, name).then().block();
        return id;
    }

    UUID user(UUID organisationId, boolean admin) {
        UUID id = UUID.randomUUID();
        DatabaseClient.GenericExecuteSpec spec = database
                .sql("insert into users (users_id, email, organisation_id, admin_presenca) values ($1, $2, $3, $4)")
                .bind(0, id).bind(1, "user-" + id + "@example.test");
        spec = organisationId == null ? spec.bindNull(2, UUID.class) : spec.bind(2, organisationId);
        spec.bind(3, admin).then().block();
        return id;
    }

    /** A connexion with the seed's defaults, plus the given SQL assignments (column = literal) if any. */
    UUID connexion(UUID organisationId, String clientType) {
        UUID id = UUID.randomUUID();
        database.sql("insert into openai_connexion (openai_connexion_id, organisation_id, client_type, client_id)"
                        + " values ($1, $2, $3, $4)")
                .bind(0, id).bind(1, organisationId).bind(2, clientType).bind(3, UUID.randomUUID())
                .then().block();
        return id;
    }

    /** The whole stored row as JSON text: equal snapshots mean nothing changed. */
    String snapshot(UUID connexionId) {
        return database.sql("select row_to_json(c)::text as snapshot from openai_connexion c where openai_connexion_id = $1")
                .bind(0, connexionId).map(row -> row.get("snapshot", String.class)).one().block();
    }

    long count(String table) {
        return database.sql("select count(*) as n from " + table).map(row -> row.get("n", Long.class)).one().block();
    }

    void update(UUID connexionId, String assignments) {
        database.sql("update openai_connexion set " + assignments + " where openai_connexion_id = $1")
                .bind(0, connexionId).then().block();
    }
}
