package fr.presenca.connexion.adapter.out.persistence;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.write.AuditEntry;
import fr.presenca.connexion.application.port.out.GatewayKeysPort;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.gatewaykey.GatewayKey;
import fr.presenca.connexion.domain.gatewaykey.GatewayKeyId;
import io.r2dbc.spi.Readable;
import io.vavr.control.Option;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Gateway keys on PostgreSQL, under the caller's row-level security. A creation is one statement: the journal entry
 * appended to the connexion (which RLS must let the caller change) and the key inserted only if it was.
 */
public final class R2dbcGatewayKeyPersistenceAdapter implements GatewayKeysPort {

    private static final String COLUMNS = "gateway_key_id, openai_connexion_id, name, hint, created_at, created_by,"
            + " expires_at, last_used_at, revoked_at";

    private final CallerTransactions transactions;
    private final int maxAuditEntries;

    public R2dbcGatewayKeyPersistenceAdapter(DatabaseClient database, TransactionalOperator transactionalOperator,
                                             int maxAuditEntries) {
        if (maxAuditEntries < 1) {
            throw new IllegalArgumentException("maxAuditEntries must be at least 1");
        }
        this.transactions = new CallerTransactions(database, transactionalOperator);
        this.maxAuditEntries = maxAuditEntries;
    }

    @Override
    public Mono<Option<GatewayKey>> insertGatewayKey(Caller caller, GatewayKey.Issue issue, AuditEntry entry) {
        String sql = "with connexion as (update openai_connexion set openai_audit_log = "
                + AuditLogSql.appended("openai_audit_log", 8, 1)
                + " where openai_connexion_id = $1 returning openai_connexion_id)"
                + " insert into openai_gateway_key (gateway_key_id, openai_connexion_id, key_hash, name, hint, created_by, expires_at)"
                + " select $2, openai_connexion_id, $3, $4, $5, $6, $7 from connexion returning " + COLUMNS;
        List<Object> values = new ArrayList<>(List.of(issue.connexionId().value(), issue.text().id().value(),
                issue.text().sha256(), issue.name(), issue.text().hint(), issue.createdBy(),
                NullValue.orNull(issue.expiresAt().map(at -> at.atOffset(ZoneOffset.UTC)).getOrNull(), NullValue.TIMESTAMP)));
        values.addAll(AuditLogSql.appendBinds(List.of(entry), maxAuditEntries));
        return transactions.run(caller, db -> Binder.of(db.sql(sql)).bindAll(values, 0).spec()
                        .map(R2dbcGatewayKeyPersistenceAdapter::read).one())
                .map(Option::some)
                .defaultIfEmpty(Option.none());
    }

    @Override
    public Mono<Option<List<GatewayKey>>> listGatewayKeys(Caller caller, ConnexionId connexionId) {
        // The connexion's row says whether the caller may see it; its keys come joined (none: an empty list).
        String sql = "select c.openai_connexion_id as visible, k.gateway_key_id, k.openai_connexion_id, k.name, k.hint,"
                + " k.created_at, k.created_by, k.expires_at, k.last_used_at, k.revoked_at"
                + " from openai_connexion c left join openai_gateway_key k on k.openai_connexion_id = c.openai_connexion_id"
                + " where c.openai_connexion_id = $1 order by k.created_at, k.gateway_key_id";
        return transactions.run(caller, db -> db.sql(sql).bind(0, connexionId.value())
                        .map(row -> Option.of(row.get("gateway_key_id", UUID.class)).map(ignored -> read(row)))
                        .all()
                        .collectList())
                .map(rows -> rows.isEmpty() ? Option.<List<GatewayKey>>none()
                        : Option.some(rows.stream().flatMap(Option::toJavaStream).toList()));
    }

    @Override
    public Mono<Option<GatewayKey>> revokeGatewayKey(Caller caller, GatewayKeyId id, Function<GatewayKey, AuditEntry> entry) {
        String revoke = "update openai_gateway_key set revoked_at = now() where gateway_key_id = $1 and revoked_at is null"
                + " returning " + COLUMNS;
        String journal = "update openai_connexion set openai_audit_log = " + AuditLogSql.appended("openai_audit_log", 2, 1)
                + " where openai_connexion_id = $1";
        String current = "select " + COLUMNS + " from openai_gateway_key where gateway_key_id = $1";
        return transactions.run(caller, db -> db.sql(revoke).bind(0, id.value())
                        .map(R2dbcGatewayKeyPersistenceAdapter::read).one()
                        .flatMap(revoked -> {
                            List<Object> values = new ArrayList<>(List.of(revoked.connexionId().value()));
                            values.addAll(AuditLogSql.appendBinds(List.of(entry.apply(revoked)), maxAuditEntries));
                            return Binder.of(db.sql(journal)).bindAll(values, 0).spec().fetch().rowsUpdated()
                                    .thenReturn(revoked);
                        })
                        // Revoked already (or invisible): the key as it is, nothing journalled twice.
                        .switchIfEmpty(Mono.defer(() -> db.sql(current).bind(0, id.value())
                                .map(R2dbcGatewayKeyPersistenceAdapter::read).one())))
                .map(Option::some)
                .defaultIfEmpty(Option.none());
    }

    private static GatewayKey read(Readable row) {
        return new GatewayKey(new GatewayKeyId(row.get("gateway_key_id", UUID.class)),
                new ConnexionId(row.get("openai_connexion_id", UUID.class)), row.get("name", String.class),
                row.get("hint", String.class), row.get("created_at", OffsetDateTime.class).toInstant(),
                Option.of(row.get("created_by", UUID.class)), instant(row, "expires_at"), instant(row, "last_used_at"),
                instant(row, "revoked_at"));
    }

    private static Option<java.time.Instant> instant(Readable row, String column) {
        return Option.of(row.get(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }
}
