package fr.presenca.connexion.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.metering.Authorization;
import fr.presenca.connexion.application.metering.QuotaDecision;
import fr.presenca.connexion.application.metering.QuotaRequest;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.connexion.ModelName;
import fr.presenca.connexion.domain.gatewaykey.GatewayKeyText;
import fr.presenca.connexion.domain.policy.DenialReason;
import fr.presenca.connexion.domain.metering.IdempotencyKey;
import io.r2dbc.spi.ConnectionFactory;
import io.vavr.control.Either;
import io.vavr.control.Option;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * A gateway key's admission finds its connexion in the locking statement itself: the key checked (revoked and expired
 * keys find none), its use noted at most once a minute, and only its own connexion's rows written.
 */
@DisplayName("A gateway key's admission reads its key and its connexion in one locked statement")
class R2dbcGatewayKeyAdmissionTest {

    private static final TestDatabase DB = TestDatabase.migrated("gateway_key_admission");
    private static final R2dbcMeteringPersistenceAdapter ADAPTER = adapter();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final UUID organisation = organisation();

    private static R2dbcMeteringPersistenceAdapter adapter() {
        byte[] key = new byte[ApiKeyCipher.KEY_BYTES];
        new SecureRandom().nextBytes(key);
        ConnectionFactory service = DB.serviceConnectionFactory();
        return new R2dbcMeteringPersistenceAdapter(DatabaseClient.create(service),
                new ApiKeyCipher("k1", Map.of("k1", key)), 100, ZoneId.of("Europe/Paris"),
                new DecisionLimits(Duration.ofSeconds(2), Duration.ofSeconds(5), 1, 100));
    }

    private static UUID organisation() {
        UUID id = UUID.randomUUID();
        DB.execute("insert into organisations (organisation_id, name) values (?, ?)", id, "Clés " + id);
        return id;
    }

    private UUID connexion() {
        UUID id = UUID.randomUUID();
        DB.execute("insert into openai_connexion (openai_connexion_id, organisation_id, client_id,"
                + " openai_limite_quotidienne, openai_modeles_autorises) values (?, ?, ?, 10, '{gpt-4o-mini}')",
                id, organisation, UUID.randomUUID());
        return id;
    }

    private static GatewayKeyText key(UUID connexion) {
        GatewayKeyText text = GatewayKeyText.generate(RANDOM);
        DB.execute("insert into openai_gateway_key (gateway_key_id, openai_connexion_id, key_hash, name, hint)"
                + " values (?, ?, ?, 'test', ?)", text.id().value(), connexion, text.sha256(), text.hint());
        return text;
    }

    private static QuotaRequest request(String idempotencyKey) {
        return QuotaRequest.ofGatewayKey(ModelName.of("gpt-4o-mini").get(), IdempotencyKey.of(idempotencyKey).get(), Instant.now());
    }

    /** The connexion the admission locked and read for the key, deciding nothing. */
    private static Option<UUID> lockedFor(GatewayKeyText key) {
        return ADAPTER.<Option<UUID>>consumeQuota(Caller.gatewayKey(key), request(UUID.randomUUID().toString()),
                        snapshot -> Either.left(snapshot.map(read -> read.connexion().id().value())))
                .block().getLeft();
    }

    private static String lastUsed(GatewayKeyText key) {
        return DB.single("select coalesce(last_used_at::text, 'never') from openai_gateway_key where gateway_key_id = ?",
                key.id().value());
    }

    @Test
    @DisplayName("a valid key reads its own connexion and notes its use once a minute; revoked or expired reads none")
    void keyCheckedInTheLock() {
        UUID connexion = connexion();
        GatewayKeyText valid = key(connexion);
        GatewayKeyText revoked = key(connexion);
        GatewayKeyText expired = key(connexion);
        DB.execute("update openai_gateway_key set revoked_at = now() where gateway_key_id = ?", revoked.id().value());
        DB.execute("update openai_gateway_key set expires_at = now() - interval '1 second' where gateway_key_id = ?",
                expired.id().value());
        GatewayKeyText unknown = GatewayKeyText.generate(RANDOM);

        assertThat(lastUsed(valid)).isEqualTo("never");
        assertThat(lockedFor(valid)).containsExactly(connexion);
        String noted = lastUsed(valid);
        assertThat(noted).isNotEqualTo("never");
        assertThat(lockedFor(valid)).containsExactly(connexion);
        assertThat(lastUsed(valid)).as("not rewritten within the minute").isEqualTo(noted);

        assertThat(lockedFor(revoked)).isEmpty();
        assertThat(lockedFor(expired)).isEmpty();
        assertThat(lockedFor(unknown)).isEmpty();
        assertThat(lastUsed(revoked)).isEqualTo("never");
    }

    @Test
    @DisplayName("the decision is written on the key's connexion, and on no other")
    void writesOnItsConnexion() {
        UUID mine = connexion();
        UUID other = connexion();
        GatewayKeyText key = key(mine);
        Authorization denied = Authorization.denied(DenialReason.DAILY_QUOTA_EXCEEDED, Option.some(0), Option.none());

        Either<String, Authorization> answer = ADAPTER.<String>consumeQuota(Caller.gatewayKey(key), request("call-1"),
                snapshot -> snapshot.<String>toEither("none").map(read -> new QuotaDecision.Deny(denied))).block();

        assertThat(answer.get()).isEqualTo(denied);
        assertThat(DB.single("select count(*) from openai_authorization where openai_connexion_id = ?", mine)).isEqualTo("1");
        assertThat(DB.single("select count(*) from openai_authorization where openai_connexion_id = ?", other)).isEqualTo("0");
    }

    @Test
    @DisplayName("a key's call names no connexion, a token's call always names one")
    void namesAsTheCallerIs() {
        GatewayKeyText key = key(connexion());
        QuotaRequest naming = QuotaRequest.on(new ConnexionId(connexion()), ModelName.of("gpt-4o-mini").get(),
                IdempotencyKey.of("k").get(), Instant.now());
        assertThatThrownBy(() -> ADAPTER.consumeQuota(Caller.gatewayKey(key), naming, snapshot -> Either.left("x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ADAPTER.consumeQuota(Caller.authenticated(UUID.randomUUID()), request("k"),
                snapshot -> Either.left("x"))).isInstanceOf(IllegalArgumentException.class);
    }
}
