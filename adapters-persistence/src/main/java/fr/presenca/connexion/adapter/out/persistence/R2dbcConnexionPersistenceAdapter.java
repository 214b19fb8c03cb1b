package fr.presenca.connexion.adapter.out.persistence;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.listing.ConnexionCriteria;
import fr.presenca.connexion.application.listing.Page;
import fr.presenca.connexion.application.listing.PageRequest;
import fr.presenca.connexion.application.port.out.ListConnexionsPort;
import fr.presenca.connexion.application.port.out.LoadConnexionPort;
import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import io.vavr.control.Option;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** The connexion ports on PostgreSQL through R2DBC; every statement runs under the caller's row-level security. */
public final class R2dbcConnexionPersistenceAdapter implements LoadConnexionPort, ListConnexionsPort {

    private final CallerTransactions transactions;
    private final ConnexionRowMapper mapper = new ConnexionRowMapperImpl();

    public R2dbcConnexionPersistenceAdapter(DatabaseClient database, TransactionalOperator transactionalOperator) {
        this.transactions = new CallerTransactions(database, transactionalOperator);
    }

    @Override
    public Mono<Option<Connexion>> loadConnexion(Caller caller, ConnexionId id) {
        return transactions.run(caller, db -> db
                        .sql("select " + ConnexionRow.COLUMNS + " from openai_connexion where openai_connexion_id = $1")
                        .bind(0, id.value())
                        .map(ConnexionRow::read)
                        .one())
                .map(row -> Option.of(toDomain(row)))
                .defaultIfEmpty(Option.none());
    }

    @Override
    public Mono<Page<Connexion>> listConnexions(Caller caller, ConnexionCriteria criteria, PageRequest page) {
        List<String> conditions = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        criteria.organisationId().forEach(v -> condition(conditions, values, "organisation_id = $", v.value()));
        criteria.clientType().forEach(v -> condition(conditions, values, "client_type = $", v.code()));
        criteria.clientId().forEach(v -> condition(conditions, values, "client_id = $", v.value()));
        criteria.status().forEach(v -> condition(conditions, values, "openai_statut_connexion = $", v.code()));
        criteria.active().forEach(v -> condition(conditions, values, "openai_actif = $", v));
        page.after().forEach(cursor -> {
            values.add(cursor.createdAt().atOffset(ZoneOffset.UTC));
            values.add(cursor.id());
            conditions.add("(openai_created_at, openai_connexion_id) > ($" + (values.size() - 1) + ", $" + values.size() + ")");
        });
        String sql = "select " + ConnexionRow.COLUMNS + " from openai_connexion"
                + (conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions))
                + " order by openai_created_at, openai_connexion_id limit " + (page.size() + 1);
        return transactions.run(caller, db -> {
                    DatabaseClient.GenericExecuteSpec spec = db.sql(sql);
                    for (int i = 0; i < values.size(); i++) {
                        spec = spec.bind(i, values.get(i));
                    }
                    return spec.map(ConnexionRow::read).all().collectList();
                })
                .map(rows -> {
                    boolean hasNext = rows.size() > page.size();
                    List<Connexion> items = rows.stream().limit(page.size()).map(this::toDomain).toList();
                    return new Page<>(items, hasNext);
                });
    }

    private static void condition(List<String> conditions, List<Object> values, String sqlPrefix, Object value) {
        values.add(value);
        conditions.add(sqlPrefix + values.size());
    }

    private Connexion toDomain(ConnexionRow row) {
        return Connexion.restore(mapper.toState(row)).getOrElseThrow(error -> new CorruptRowException(
                "openai_connexion row " + row.openaiConnexionId() + " breaks a domain rule: " + error.message()));
    }
}
