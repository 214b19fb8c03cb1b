package fr.presenca.connexion.adapter.out.persistence;

import java.util.List;
import java.util.UUID;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.application.port.out.DirectoryPort;
import fr.presenca.connexion.application.port.out.SaveAdministratorPort;
import fr.presenca.connexion.domain.connexion.OrganisationId;
import fr.presenca.connexion.domain.directory.DirectoryUser;
import fr.presenca.connexion.domain.directory.Organisation;
import io.vavr.control.Either;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** The directory (organisations and users) on PostgreSQL. */
public final class R2dbcDirectoryPersistenceAdapter implements SaveAdministratorPort, DirectoryPort {

    private final CallerTransactions transactions;

    public R2dbcDirectoryPersistenceAdapter(DatabaseClient database, TransactionalOperator transactionalOperator) {
        this.transactions = new CallerTransactions(database, transactionalOperator);
    }

    @Override
    public Mono<List<Organisation>> listOrganisations(Caller caller) {
        return transactions.run(caller, db -> db.sql("select organisation_id, name from organisations order by name, organisation_id")
                .map(row -> new Organisation(new OrganisationId(row.get("organisation_id", UUID.class)),
                        row.get("name", String.class)))
                .all()
                .collectList());
    }

    @Override
    public Mono<Either<ApplicationError, Organisation>> insertOrganisation(Caller caller, Organisation organisation) {
        return transactions.run(caller, db -> db.sql("insert into organisations (organisation_id, name) values ($1, $2)")
                        .bind(0, organisation.id().value())
                        .bind(1, organisation.name())
                        .fetch()
                        .rowsUpdated())
                .map(inserted -> Either.<ApplicationError, Organisation>right(organisation))
                .onErrorResume(DatabaseErrors.translate("organisation", null));
    }

    @Override
    public Mono<Either<ApplicationError, DirectoryUser>> insertUser(Caller caller, DirectoryUser user) {
        return transactions.run(caller, db -> db.sql("""
                                insert into users (users_id, email, organisation_id, admin_presenca)
                                values ($1, $2, $3, $4)""")
                        .bind(0, user.id().value())
                        .bind(1, user.email().value())
                        .bind(2, user.organisationId().get().value())
                        .bind(3, user.adminPresenca())
                        .fetch()
                        .rowsUpdated())
                .map(inserted -> Either.<ApplicationError, DirectoryUser>right(user))
                .onErrorResume(DatabaseErrors.translate("user (e-mail already taken)", "organisationId"));
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
