package fr.presenca.connexion.adapter.out.persistence;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import fr.presenca.connexion.application.port.out.LoadDueVerificationsPort;
import fr.presenca.connexion.application.port.out.RecordVerificationPort;
import fr.presenca.connexion.application.verification.DueVerification;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The periodic verification's schedule ({@code openai_key_verification}, changeset 0032) on PostgreSQL. It runs as
 * {@code service_role}, transaction-locally and with no caller claims, like the API key migration: the rounds are the
 * service's own work over every tenant's connexions, not a caller's request, and the table is closed to every other
 * role. What a check does to a connexion is written by the connexion adapter, under the round's own caller.
 */
public final class R2dbcVerificationScheduleAdapter implements LoadDueVerificationsPort, RecordVerificationPort {

    private static final String AS_SERVICE = "select set_config('role', 'service_role', true)";
    // A connexion is due when active with a key, neither synchronised (a check accepted, by a round or verifyConnexion)
    // nor checked by a round since $2, and past the next check a round set ($1): a delay set under a longer interval
    // does not outlast a shorter one. Oldest first, so a backlog is worked through in order.
    private static final String DUE = """
            select c.openai_connexion_id, coalesce(v.failures, 0) as failures
            from openai_connexion c
            left join openai_key_verification v on v.openai_connexion_id = c.openai_connexion_id
            where c.openai_actif and c.openai_api_key is not null
              and (c.openai_derniere_synchro is null or c.openai_derniere_synchro <= $2)
              and (v.openai_connexion_id is null or v.next_check_at <= $1 or v.checked_at <= $2)
            order by v.next_check_at nulls first, c.openai_connexion_id""";
    // Nothing for a connexion deleted meanwhile (its row would break the foreign key; a row of it would be deleted too).
    private static final String RECORD = """
            insert into openai_key_verification (openai_connexion_id, checked_at, next_check_at, failures)
            select $1, $2, $3, $4 where exists (select 1 from openai_connexion where openai_connexion_id = $1)
            on conflict (openai_connexion_id) do update
            set checked_at = excluded.checked_at, next_check_at = excluded.next_check_at, failures = excluded.failures""";

    private final DatabaseClient database;
    private final TransactionalOperator transactions;

    public R2dbcVerificationScheduleAdapter(DatabaseClient database, TransactionalOperator transactions) {
        this.database = database;
        this.transactions = transactions;
    }

    @Override
    public Mono<List<DueVerification>> loadDueVerifications(Instant now, Instant checkedBefore) {
        // Read whole inside the transaction: the checks take minutes, the pooled connection goes back at once.
        return asService(database.sql(DUE)
                .bind(0, now.atOffset(ZoneOffset.UTC))
                .bind(1, checkedBefore.atOffset(ZoneOffset.UTC))
                .map(row -> new DueVerification(new ConnexionId(row.get("openai_connexion_id", UUID.class)),
                        row.get("failures", Integer.class)))
                .all()
                .collectList());
    }

    @Override
    public Mono<Void> recordVerification(ConnexionId id, Instant checkedAt, Instant nextCheckAt, int failures) {
        return asService(database.sql(RECORD)
                .bind(0, id.value())
                .bind(1, checkedAt.atOffset(ZoneOffset.UTC))
                .bind(2, nextCheckAt.atOffset(ZoneOffset.UTC))
                .bind(3, failures)
                .fetch()
                .rowsUpdated())
                .then();
    }

    private <T> Mono<T> asService(Mono<T> work) {
        return transactions.transactional(database.sql(AS_SERVICE).fetch().rowsUpdated().then(work))
                .onErrorMap(DatabaseErrors::unavailableOr);
    }
}
