package fr.presenca.connexion.adapter.out.persistence;

import java.util.UUID;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.port.out.SaveAdministratorPort;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** The directory (organisations and users) on PostgreSQL. */
public final class R2dbcDirectoryPersistenceAdapter implements SaveAdministratorPort {

    private final CallerTransactions transactions;

    public R2dbcDirectoryPersistenceAdapter(DatabaseClient database, TransactionalOperator transactionalOperator) {
        this.transactions = new CallerTransactions(database, transactionalOperator);
    }

    @Override
    public Mono<Void> saveAdministrator(UUID userId, String email) {
        // Start-up work, not a caller's: it runs as service_role, the trusted back-end role.
        return transactions.run(Caller.serviceRole(userId), db -> db.sql("""
                        insert into users (users_id, email, admin_presenca) values ($1, $2, true)
                        on conflict (users_id) do update set admin_presenca = true
                        """)
                .bind(0, userId)
                .bind(1, email)
                .fetch()
                .rowsUpdated()
                .then());
    }
}
