package fr.presenca.connexion.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.port.MeteringPortsContract;
import fr.presenca.connexion.application.port.out.AppendUsagePort;
import fr.presenca.connexion.application.port.out.ConsumeQuotaPort;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import io.r2dbc.spi.ConnectionFactory;
import fr.presenca.connexion.application.metering.Authorization;
import fr.presenca.connexion.application.metering.QuotaRequest;
import fr.presenca.connexion.domain.connexion.ModelName;
import fr.presenca.connexion.domain.metering.IdempotencyKey;
import io.vavr.control.Either;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;

@DisplayName("The R2DBC metering adapter keeps the ports' contract on PostgreSQL")
class R2dbcMeteringPortsTest extends MeteringPortsContract {

    private static final TestDatabase DB = TestDatabase.migrated("metering_ports");
    private static final R2dbcMeteringPersistenceAdapter ADAPTER = adapter();

    private final UUID organisation = organisation();
    private final Caller owner = Caller.authenticated(user(organisation));

    private static R2dbcMeteringPersistenceAdapter adapter() {
        byte[] key = new byte[ApiKeyCipher.KEY_BYTES];
        new SecureRandom().nextBytes(key);
        ConnectionFactory service = DB.serviceConnectionFactory();
        return new R2dbcMeteringPersistenceAdapter(DatabaseClient.create(service),
                new ApiKeyCipher("k1", Map.of("k1", key)), 100, java.time.ZoneId.of("Europe/Paris"),
                new DecisionLimits(Duration.ofSeconds(2), Duration.ofSeconds(5), 1, 100));
    }

    private static UUID organisation() {
        UUID id = UUID.randomUUID();
        DB.execute("insert into organisations (organisation_id, name) values (?, ?)", id, "Contrat " + id);
        return id;
    }

    private static UUID user(UUID organisation) {
        UUID id = UUID.randomUUID();
        DB.execute("insert into users (users_id, email, organisation_id) values (?, ?, ?)",
                id, "u-" + id + "@contrat.example", organisation);
        return id;
    }

    private static ConnexionId connexion(UUID organisation, int dailyLimit) {
        UUID id = UUID.randomUUID();
        DB.execute("insert into openai_connexion (openai_connexion_id, organisation_id, client_id,"
                + " openai_limite_quotidienne, openai_modeles_autorises) values (?, ?, ?, ?, '{gpt-4o-mini}')",
                id, organisation, UUID.randomUUID(), dailyLimit);
        return new ConnexionId(id);
    }

    @Override
    protected ConsumeQuotaPort quota() {
        return ADAPTER;
    }

    @Override
    protected AppendUsagePort usage() {
        return ADAPTER;
    }

    @Override
    protected Caller owner() {
        return owner;
    }

    @Override
    protected ConnexionId givenConnexion(int dailyLimit) {
        return connexion(organisation, dailyLimit);
    }

    @Override
    protected ConnexionId givenInvisibleConnexion() {
        return connexion(organisation(), 10);
    }

    @Test
    @DisplayName("authorizeRequest's decision never opens the stored key; a decision for a caller of OpenAI opens it under the lock")
    void keyOpenedOnlyWhenRead() {
        ConnexionId id = connexion(organisation, 10);
        byte[] otherMaster = new byte[ApiKeyCipher.KEY_BYTES];
        new SecureRandom().nextBytes(otherMaster);
        // a key this service cannot open: encrypted under a master key id it does not have
        DB.execute("update openai_connexion set openai_api_key = ? where openai_connexion_id = ?",
                new ApiKeyCipher("k2", Map.of("k2", otherMaster)).encrypt("sk-proj-unopenable0123456789"), id.value());
        QuotaRequest request = QuotaRequest.on(id, ModelName.of("gpt-4o-mini").get(),
                IdempotencyKey.of("k-" + UUID.randomUUID()).get(), Instant.now());

        Either<Boolean, Authorization> decided = ADAPTER.<Boolean>consumeQuota(owner, request,
                snapshot -> Either.left(snapshot.get().connexion().apiKey().isDefined())).block();
        assertThat(decided.getLeft()).as("the key is there, unopened").isTrue();

        assertThatThrownBy(() -> ADAPTER.<Boolean>consumeQuota(owner, request.withApiKey(),
                snapshot -> Either.left(true)).block())
                .isInstanceOf(ApiKeyDecryptionException.class)
                .satisfies(error -> assertThat(error.toString()).doesNotContain("unopenable"));
    }
}
