package fr.presenca.connexion.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import fr.presenca.connexion.adapter.out.persistence.ApiKeyCipher;
import fr.presenca.connexion.adapter.out.persistence.R2dbcConnexionPersistenceAdapter;
import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.listing.ConnexionCriteria;
import fr.presenca.connexion.application.listing.PageRequest;
import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.OrganisationId;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.vavr.control.Option;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.PermissionDeniedDataAccessException;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

@DisplayName("The service's database identity")
class FailClosedTest extends IntegrationTest {

    @Autowired
    private DatabaseClient serviceDatabase;

    @Autowired
    private ApiKeyCipher cipher;

    @Value("${spring.r2dbc.url}")
    private String r2dbcUrl;

    @Test
    @DisplayName("a statement run without taking on a caller's role is refused, not let through")
    void failsClosed() {
        assertThat(database.sql("""
                        select has_table_privilege('presenca_app', 'openai_connexion', 'SELECT')::text
                            || has_table_privilege('presenca_app', 'openai_connexion', 'UPDATE')::text""")
                .map(row -> row.get(0, String.class)).one().block()).isEqualTo("falsefalse");
        assertThatThrownBy(() -> serviceDatabase.sql("select count(*) from openai_connexion")
                .map(row -> row.get(0, Long.class)).one().block())
                .isInstanceOf(PermissionDeniedDataAccessException.class)
                .hasMessageContaining("permission denied");
        String user = serviceDatabase.sql("select current_user").map(row -> row.get(0, String.class)).one().block();
        assertThat(user).isEqualTo("presenca_app");
    }

    @Test
    @DisplayName("on a pool of one connection, alternating callers never see each other's rows or claims")
    void claimsDoNotLeakThroughThePool() {
        Fixtures fixtures = new Fixtures(database);
        UUID organisationA = fixtures.organisation("Pool A " + UUID.randomUUID());
        UUID organisationB = fixtures.organisation("Pool B " + UUID.randomUUID());
        Caller memberOfA = Caller.authenticated(fixtures.user(organisationA, false));
        Caller memberOfB = Caller.authenticated(fixtures.user(organisationB, false));
        fixtures.connexion(organisationA, "reseau");
        fixtures.connexion(organisationB, "reseau");

        ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(ConnectionFactories.get(
                        ConnectionFactoryOptions.parse(r2dbcUrl).mutate()
                                .option(ConnectionFactoryOptions.USER, DatabaseEnvironmentPostProcessor.EMBEDDED_SERVICE_USER)
                                .build()))
                .initialSize(1).maxSize(1).build());
        try {
            DatabaseClient single = DatabaseClient.create(pool);
            var adapter = new R2dbcConnexionPersistenceAdapter(single,
                    TransactionalOperator.create(new R2dbcTransactionManager(pool)), cipher, 100);
            List<String> seenAfterwards = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (Caller caller : List.of(memberOfA, memberOfB)) {
                    UUID own = caller == memberOfA ? organisationA : organisationB;
                    List<Connexion> listed = adapter.listConnexions(caller, ConnexionCriteria.all(),
                            new PageRequest(100, Option.none())).block().items();
                    assertThat(listed).isNotEmpty()
                            .allSatisfy(c -> assertThat(c.organisationId()).isEqualTo(new OrganisationId(own)));
                    // The same (only) connection, between transactions: no role, no claims left behind.
                    seenAfterwards.add(single.sql("select current_user || '|' || coalesce(current_setting('request.jwt.claims', true), '')")
                            .map(row -> row.get(0, String.class)).one().block());
                }
            }
            assertThat(seenAfterwards).containsOnly("presenca_app|");
        } finally {
            pool.dispose();
        }
    }
}
