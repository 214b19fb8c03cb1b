package fr.presenca.connexion.adapter.out.persistence;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.listing.ConnexionCriteria;
import fr.presenca.connexion.application.listing.Page;
import fr.presenca.connexion.application.listing.PageRequest;
import fr.presenca.connexion.application.caller.CallerRole;
import fr.presenca.connexion.application.caller.CallerScope;
import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.application.write.ConnexionWrite;
import fr.presenca.connexion.application.port.out.DeleteConnexionPort;
import fr.presenca.connexion.application.port.out.ListConnexionsPort;
import fr.presenca.connexion.application.port.out.LoadCallerOrganisationPort;
import fr.presenca.connexion.application.port.out.LoadCallerScopePort;
import fr.presenca.connexion.application.port.out.SaveConnexionPort;
import fr.presenca.connexion.application.port.out.LoadConnexionPort;
import fr.presenca.connexion.application.port.out.LoadGatewayKeyConnexionPort;
import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.connexion.OrganisationId;
import io.vavr.control.Either;
import io.vavr.control.Option;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** The connexion ports on PostgreSQL through R2DBC; every statement runs under the caller's row-level security. */
public final class R2dbcConnexionPersistenceAdapter implements LoadConnexionPort, LoadGatewayKeyConnexionPort, ListConnexionsPort,
        SaveConnexionPort, DeleteConnexionPort, LoadCallerOrganisationPort, LoadCallerScopePort {

    private static final String WHAT = "connexion";

    private static final String RETURNING = " returning " + ConnexionRow.COLUMNS;

    private final CallerTransactions transactions;
    private final ConnexionRowMapper mapper = new ConnexionRowMapperImpl();
    private final StoredKeys keys;
    private final ConnexionWriteSql writes;

    /** @param maxAuditEntries how many entries each connexion's audit journal keeps (the latest) */
    public R2dbcConnexionPersistenceAdapter(DatabaseClient database, TransactionalOperator transactionalOperator,
                                            ApiKeyCipher cipher, int maxAuditEntries) {
        this.transactions = new CallerTransactions(database, transactionalOperator);
        this.keys = StoredKeys.opened(cipher);
        this.writes = new ConnexionWriteSql(keys, maxAuditEntries);
    }

    @Override
    public Mono<Option<OrganisationId>> loadCallerOrganisation(Caller caller) {
        return transactions.run(caller, db -> db.sql("select get_user_organisation_id(auth.uid()) as organisation_id")
                        .map(row -> Option.of(row.get("organisation_id", UUID.class)).map(OrganisationId::new))
                        .one())
                .defaultIfEmpty(Option.none());
    }

    @Override
    public Mono<CallerScope> loadCallerScope(Caller caller) {
        if (caller.role() == CallerRole.SERVICE_ROLE) {
            return Mono.just(new CallerScope(Option.none(), true));
        }
        return transactions.run(caller, db -> db.sql("""
                        select get_user_organisation_id(auth.uid()) as organisation_id,
                               coalesce(is_admin_presenca(auth.uid()), false) as admin""")
                .map(row -> new CallerScope(
                        Option.of(row.get("organisation_id", UUID.class)).map(OrganisationId::new),
                        Boolean.TRUE.equals(row.get("admin", Boolean.class))))
                .one());
    }

    @Override
    public Mono<Either<ApplicationError, Connexion>> insertConnexion(Caller caller, ConnexionWrite write) {
        if (write.before().isDefined()) {
            throw new IllegalArgumentException("an insert writes a new connexion");
        }
        ConnexionWriteSql.Statement insert = writes.insert(write, RETURNING);
        return transactions.run(caller, db -> Binder.of(db.sql(insert.sql())).bindAll(insert.binds(), 0).spec()
                        .map(ConnexionRow::read).one())
                .map(stored -> Either.<ApplicationError, Connexion>right(toDomain(stored)))
                .onErrorResume(DatabaseErrors.translate(WHAT, "organisationId"));
    }

    @Override
    public Mono<Either<ApplicationError, Connexion>> updateConnexion(Caller caller, ConnexionWrite write) {
        ConnexionWriteSql.Statement update = writes.update(write, true, 1, RETURNING);
        return transactions.run(caller, db -> Binder.of(db.sql(update.sql())).bindAll(update.binds(), 0).spec()
                        .map(ConnexionRow::read).one()
                        .map(stored -> Either.<ApplicationError, Connexion>right(toDomain(stored)))
                        .switchIfEmpty(Mono.defer(() -> notUpdated(db, write.connexion().id()))))
                .onErrorResume(DatabaseErrors.translate(WHAT, null));
    }

    /** Nothing matched: the row is gone (or invisible), or one of the changed fields moved since it was read. */
    private static Mono<Either<ApplicationError, Connexion>> notUpdated(DatabaseClient db, ConnexionId id) {
        return db.sql("select count(*) as visible from openai_connexion where openai_connexion_id = $1")
                .bind(0, id.value())
                .map(row -> row.get("visible", Long.class))
                .one()
                .map(visible -> visible > 0
                        ? Either.<ApplicationError, Connexion>left(new ApplicationError.Conflict(
                                "The connexion changed since it was read; reload it and retry"))
                        : Either.<ApplicationError, Connexion>left(new ApplicationError.NotFound(
                                "No connexion " + id.value() + " visible to the caller")));
    }

    @Override
    public Mono<Boolean> deleteConnexion(Caller caller, ConnexionId id) {
        return transactions.run(caller, db -> db.sql("delete from openai_connexion where openai_connexion_id = $1")
                .bind(0, id.value())
                .fetch()
                .rowsUpdated()
                .map(deleted -> deleted > 0));
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

    /** One statement: the key checked and its use noted by openai_gateway_key_use, the row granted by the key's policy. */
    @Override
    public Mono<Option<Connexion>> loadConnexionOfGatewayKey(Caller caller) {
        if (!caller.isGatewayKey()) {
            return Mono.just(Option.none());
        }
        return transactions.run(caller, db -> db
                        .sql("select " + ConnexionRow.COLUMNS + " from openai_connexion"
                                + " where openai_connexion_id = (select public.openai_gateway_key_use())")
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
        return Connexion.restore(mapper.toState(row, keys)).getOrElseThrow(error -> new CorruptRowException(
                "openai_connexion row " + row.openaiConnexionId() + " breaks a domain rule: " + error.message()));
    }
}
