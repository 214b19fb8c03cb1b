package fr.presenca.connexion.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The API key cipher")
class ApiKeyCipherTest {

    static final String API_KEY = "sk-proj-Zq8vN3mLk2PwX7rT9yB4cD1eF6gH0jK5";
    static final byte[] KEY_0 = key(0x10);
    static final byte[] KEY_1 = key(0x20);

    final ApiKeyCipher cipher = new ApiKeyCipher("k1", Map.of("k1", KEY_1));

    static byte[] key(int seed) {
        byte[] key = new byte[ApiKeyCipher.KEY_BYTES];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (seed + i);
        }
        return key;
    }

    @Nested
    @DisplayName("encrypting")
    class Encrypting {

        @Test
        @DisplayName("gives back the key it encrypted")
        void roundTrip() {
            assertThat(cipher.decrypt(cipher.encrypt(API_KEY))).isEqualTo(API_KEY);
            assertThat(cipher.decrypt(cipher.encrypt("clé-été-€"))).isEqualTo("clé-été-€");
        }

        @Test
        @DisplayName("stores enc:v1:<key id>:<base64url of a 12-byte nonce, the ciphertext and a 16-byte tag>")
        void format() {
            String stored = cipher.encrypt(API_KEY);
            assertThat(stored).startsWith("enc:v1:k1:").matches("enc:v1:k1:[A-Za-z0-9_-]+");
            byte[] body = Base64.getUrlDecoder().decode(stored.substring("enc:v1:k1:".length()));
            assertThat(body).hasSize(12 + API_KEY.getBytes(StandardCharsets.UTF_8).length + 16);
            assertThat(ApiKeyCipher.isEncrypted(stored)).isTrue();
            assertThat(ApiKeyCipher.isEncrypted(API_KEY)).isFalse();
            assertThat(ApiKeyCipher.isEncrypted(null)).isFalse();
        }

        @Test
        @DisplayName("uses a fresh nonce each time, so one key never gives the same stored value twice")
        void randomNonce() {
            String first = cipher.encrypt(API_KEY);
            String second = cipher.encrypt(API_KEY);
            assertThat(first).isNotEqualTo(second);
            assertThat(first.substring(0, 26)).isNotEqualTo(second.substring(0, 26));
        }

        @Test
        @DisplayName("leaves no trace of the plaintext in the stored value")
        void noPlaintext() {
            String stored = cipher.encrypt(API_KEY);
            assertThat(stored).doesNotContain(API_KEY).doesNotContain("sk-").doesNotContain("Zq8vN3");
            assertThat(new String(Base64.getUrlDecoder().decode(stored.substring(10)), StandardCharsets.ISO_8859_1))
                    .doesNotContain("sk-proj").doesNotContain("Zq8vN3");
        }
    }

    @Nested
    @DisplayName("decrypting")
    class Decrypting {

        @Test
        @DisplayName("refuses a stored value with any bit flipped, in the nonce, the ciphertext or the tag")
        void tamper() {
            String stored = cipher.encrypt(API_KEY);
            String prefix = "enc:v1:k1:";
            byte[] body = Base64.getUrlDecoder().decode(stored.substring(prefix.length()));
            for (int i : new int[] {0, 11, 12, body.length - 17, body.length - 1}) {
                byte[] altered = body.clone();
                altered[i] ^= 0x01;
                String tampered = prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(altered);
                assertThatThrownBy(() -> cipher.decrypt(tampered))
                        .isInstanceOf(ApiKeyDecryptionException.class)
                        .hasMessageContaining("fails authentication");
            }
        }

        @Test
        @DisplayName("refuses a value relabelled with another configured key id")
        void relabelled() {
            ApiKeyCipher sameKeyTwoIds = new ApiKeyCipher("k1", Map.of("k1", KEY_1, "k2", KEY_1));
            String relabelled = sameKeyTwoIds.encrypt(API_KEY).replace("enc:v1:k1:", "enc:v1:k2:");
            assertThatThrownBy(() -> sameKeyTwoIds.decrypt(relabelled))
                    .isInstanceOf(ApiKeyDecryptionException.class);
        }

        @Test
        @DisplayName("refuses a value whose key id is not configured, and one made with another key under the same id")
        void wrongKey() {
            ApiKeyCipher other = new ApiKeyCipher("k9", Map.of("k9", KEY_1));
            assertThatThrownBy(() -> cipher.decrypt(other.encrypt(API_KEY)))
                    .isInstanceOf(ApiKeyDecryptionException.class)
                    .hasMessageContaining("'k9'").hasMessageContaining("not configured");

            ApiKeyCipher impostor = new ApiKeyCipher("k1", Map.of("k1", KEY_0));
            assertThatThrownBy(() -> cipher.decrypt(impostor.encrypt(API_KEY)))
                    .isInstanceOf(ApiKeyDecryptionException.class)
                    .hasMessageContaining("fails authentication");
        }

        @Test
        @DisplayName("refuses plaintext, unknown versions and malformed bodies")
        void malformed() {
            for (String stored : new String[] {API_KEY, "enc:v2:k1:AAAA", "enc:v1:k1", "enc:v1:K1:AAAA",
                    "enc:v1:k1:not base64!", "enc:v1:k1:AAAA"}) {
                assertThatThrownBy(() -> cipher.decrypt(stored)).isInstanceOf(ApiKeyDecryptionException.class);
            }
        }

        @Test
        @DisplayName("never quotes the stored value or the plaintext in its messages")
        void messagesStaySilent() {
            String stored = cipher.encrypt(API_KEY);
            String body = stored.substring("enc:v1:k1:".length());
            String tampered = stored.substring(0, stored.length() - 2) + (stored.endsWith("AA") ? "BB" : "AA");
            ApiKeyCipher rotated = new ApiKeyCipher("k2", Map.of("k2", KEY_0));
            for (String input : new String[] {API_KEY, tampered, "enc:v1:k1:" + API_KEY, stored}) {
                ApiKeyCipher reader = input.equals(stored) ? rotated : cipher;
                assertThatThrownBy(() -> reader.decrypt(input))
                        .isInstanceOf(ApiKeyDecryptionException.class)
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(API_KEY).doesNotContain("sk-")
                                .doesNotContain(body).doesNotContain(body.substring(0, 8)))
                        .satisfies(e -> assertThat(String.valueOf(e.getCause())).doesNotContain(API_KEY));
            }
        }
    }

    @Nested
    @DisplayName("rotating the master key")
    class Rotating {

        @Test
        @DisplayName("keeps decrypting what the previous key wrote while the new key encrypts")
        void rotation() {
            ApiKeyCipher before = new ApiKeyCipher("k0", Map.of("k0", KEY_0));
            String old = before.encrypt(API_KEY);

            ApiKeyCipher after = new ApiKeyCipher("k1", Map.of("k0", KEY_0, "k1", KEY_1));
            assertThat(after.decrypt(old)).isEqualTo(API_KEY);
            assertThat(after.encrypt(API_KEY)).startsWith("enc:v1:k1:");
            assertThat(after.needsReencryption(old)).isTrue();
            assertThat(after.needsReencryption(after.encrypt(API_KEY))).isFalse();
            assertThat(after.needsReencryption(API_KEY)).as("plaintext is not re-encrypted but encrypted").isFalse();
            assertThatThrownBy(() -> before.decrypt(after.encrypt(API_KEY)))
                    .as("a key never seen cannot decrypt").isInstanceOf(ApiKeyDecryptionException.class);
        }
    }

    @Nested
    @DisplayName("being configured")
    class Configuring {

        @Test
        @DisplayName("refuses keys that are not 32 bytes, malformed key ids and a current id without a key")
        void validation() {
            assertThatThrownBy(() -> new ApiKeyCipher("k1", Map.of("k1", new byte[16])))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
            assertThatThrownBy(() -> new ApiKeyCipher("K1", Map.of("K1", KEY_1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[a-z0-9]{1,16}");
            assertThatThrownBy(() -> new ApiKeyCipher("abcdefghijklmnopq", Map.of("abcdefghijklmnopq", KEY_1)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new ApiKeyCipher("k2", Map.of("k1", KEY_1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[k1]");
        }

        @Test
        @DisplayName("copies the keys it is given, and shows only their ids")
        void keysStayInside() {
            byte[] key = key(0x30);
            ApiKeyCipher copy = new ApiKeyCipher("k1", Map.of("k1", key));
            String stored = copy.encrypt(API_KEY);
            key[0] ^= 0x7f;
            assertThat(copy.decrypt(stored)).isEqualTo(API_KEY);

            ApiKeyCipher rotated = new ApiKeyCipher("k1", Map.of("k1", KEY_1, "k0", KEY_0));
            assertThat(rotated).hasToString("ApiKeyCipher[current=k1, keyIds=[k0, k1]]");
            assertThat(rotated.toString()).doesNotContain(Base64.getEncoder().encodeToString(KEY_1));
        }
    }
}
