package fr.presenca.connexion.domain.gatewaykey;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import io.vavr.control.Option;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Gateway keys")
class GatewayKeyTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final ConnexionId CONNEXION = new ConnexionId(UUID.randomUUID());

    @Test
    @DisplayName("a generated key is the scannable prefix and 43 base62 characters; each is different")
    void generated() {
        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            GatewayKeyText key = GatewayKeyText.generate(random);
            assertThat(key.reveal()).matches("pgk_[0-9A-Za-z]{43}");
            assertThat(seen.add(key.reveal())).isTrue();
            assertThat(GatewayKeyText.parse(key.reveal())).contains(key);
        }
    }

    @Test
    @DisplayName("all-zero random bytes still give a full-length key")
    void zeroBytes() {
        java.util.random.RandomGenerator zeros = () -> 0L;
        GatewayKeyText key = GatewayKeyText.generate(zeros);
        assertThat(key.reveal()).isEqualTo("pgk_" + "0".repeat(43));
    }

    @Test
    @DisplayName("its hint, id and hash come from its text; toString shows only the hint")
    void derived() {
        GatewayKeyText key = GatewayKeyText.generate(new SecureRandom());
        assertThat(key.hint()).isEqualTo("pgk_…" + key.reveal().substring(key.reveal().length() - 4));
        assertThat(key.toString()).doesNotContain(key.reveal().substring(4));
        assertThat(key.sha256Hex()).hasSize(64);
        assertThat(key.id()).isEqualTo(GatewayKeyText.parse(key.reveal()).get().id());
        assertThat(key.id().value().version()).isEqualTo(8);
        assertThat(key.id().value().toString().replace("-", "").substring(0, 12)).isEqualTo(key.sha256Hex().substring(0, 12));
    }

    @Test
    @DisplayName("a text without the prefix, of another length or with other characters is no gateway key")
    void parsing() {
        assertThat(GatewayKeyText.parse("sk-proj-" + "a".repeat(43))).isEmpty();
        assertThat(GatewayKeyText.parse("pgk_" + "a".repeat(42))).isEmpty();
        assertThat(GatewayKeyText.parse("pgk_" + "a".repeat(42) + "-")).isEmpty();
        assertThat(GatewayKeyText.parse(null)).isEmpty();
        assertThat(GatewayKeyText.looksLikeGatewayKey("pgk_x")).isTrue();
        assertThat(GatewayKeyText.looksLikeGatewayKey("eyJhbGciOi")).isFalse();
    }

    @Test
    @DisplayName("a new key needs a name of 1 to 100 characters and an expiry in the future, both reported at once")
    void issue() {
        GatewayKeyText text = GatewayKeyText.generate(new SecureRandom());
        UUID creator = UUID.randomUUID();
        assertThat(GatewayKey.issue(text, CONNEXION, "  partner CRM ", Option.some(NOW.plusSeconds(1)), creator, NOW).get().name())
                .isEqualTo("partner CRM");
        assertThat(GatewayKey.issue(text, CONNEXION, "   ", Option.some(NOW), creator, NOW).getLeft())
                .isInstanceOfSatisfying(DomainError.InvalidFields.class, errors -> assertThat(errors.errors().map(
                        DomainError.InvalidField::field)).containsExactly("name", "expiresAt"));
        assertThat(GatewayKey.issue(text, CONNEXION, "x".repeat(101), Option.none(), creator, NOW).getLeft())
                .isInstanceOfSatisfying(DomainError.InvalidField.class, error -> assertThat(error.field()).isEqualTo("name"));
    }

    @Test
    @DisplayName("a key is usable until revoked or expired")
    void usable() {
        GatewayKey key = new GatewayKey(new GatewayKeyId(UUID.randomUUID()), CONNEXION, "k", "pgk_…abcd", NOW,
                Option.none(), Option.some(NOW.plusSeconds(60)), Option.none(), Option.none());
        assertThat(key.usableAt(NOW.plusSeconds(59))).isTrue();
        assertThat(key.usableAt(NOW.plusSeconds(60))).isFalse();
        assertThat(new GatewayKey(key.id(), CONNEXION, "k", "h", NOW, Option.none(), Option.none(), Option.none(),
                Option.some(NOW)).usableAt(NOW)).isFalse();
    }
}
