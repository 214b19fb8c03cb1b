package fr.presenca.connexion.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import fr.presenca.connexion.adapter.out.persistence.ApiKeyCipher;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

@DisplayName("The encryption settings")
class EncryptionConfigurationTest {

    static final String API_KEY = "sk-proj-SettingsTest0000000000Cd34";
    static final byte[] KEY_0 = bytes(0x01);
    static final byte[] KEY_1 = bytes(0x41);

    @TempDir
    Path home;

    static byte[] bytes(int seed) {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (seed + i);
        }
        return key;
    }

    static String base64(byte[] key) {
        return Base64.getEncoder().encodeToString(key);
    }

    MockEnvironment environment() {
        return new MockEnvironment().withProperty(DatabaseEnvironmentPostProcessor.HOME, home.toString());
    }

    @Nested
    @DisplayName("with PRESENCA_ENCRYPTION_KEY set")
    class Configured {

        @Test
        @DisplayName("encrypt under key id k1 by default, with that key, in local mode or not")
        void defaultKeyId() {
            MockEnvironment environment = environment().withProperty(EncryptionConfiguration.KEY, base64(KEY_1));
            for (boolean localMode : new boolean[] {false, true}) {
                ApiKeyCipher cipher = EncryptionConfiguration.cipherOf(environment, localMode);
                String stored = cipher.encrypt(API_KEY);
                assertThat(stored).startsWith("enc:v1:k1:");
                assertThat(new ApiKeyCipher("k1", Map.of("k1", KEY_1)).decrypt(stored)).isEqualTo(API_KEY);
            }
            assertThat(home.resolve(LocalModeFiles.FILE_NAME)).as("nothing generated").doesNotExist();
        }

        @Test
        @DisplayName("accept URL-safe base64 and surrounding blanks")
        void urlSafe() {
            MockEnvironment environment = environment().withProperty(EncryptionConfiguration.KEY,
                    "  " + Base64.getUrlEncoder().withoutPadding().encodeToString(KEY_1) + "\n");
            assertThat(EncryptionConfiguration.cipherOf(environment, false).encrypt(API_KEY)).startsWith("enc:v1:k1:");
        }

        @Test
        @DisplayName("decrypt with the previous keys and encrypt with the current one after a rotation")
        void rotation() {
            String old = new ApiKeyCipher("k0", Map.of("k0", KEY_0)).encrypt(API_KEY);
            ApiKeyCipher cipher = EncryptionConfiguration.cipherOf(environment()
                    .withProperty(EncryptionConfiguration.KEY, base64(KEY_1))
                    .withProperty(EncryptionConfiguration.KEY_ID, "k2")
                    .withProperty(EncryptionConfiguration.PREVIOUS_KEYS, "k0:" + base64(KEY_0) + " , k1:"
                            + base64(KEY_1)), false);
            assertThat(cipher.decrypt(old)).isEqualTo(API_KEY);
            assertThat(cipher.encrypt(API_KEY)).startsWith("enc:v1:k2:");
            assertThat(cipher).hasToString("ApiKeyCipher[current=k2, keyIds=[k0, k1, k2]]");
        }
    }

    @Nested
    @DisplayName("refuse to start, without showing the value,")
    class Refused {

        void refused(MockEnvironment environment, String expected, String... secrets) {
            assertThatThrownBy(() -> EncryptionConfiguration.cipherOf(environment, false))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(expected)
                    .hasNoCause()
                    .satisfies(e -> {
                        for (String secret : secrets) {
                            assertThat(e.getMessage()).doesNotContain(secret);
                        }
                    });
        }

        @Test
        @DisplayName("when no key is set outside local mode")
        void missing() {
            refused(environment(), "PRESENCA_ENCRYPTION_KEY is not set");
            refused(environment().withProperty(EncryptionConfiguration.KEY, " "), "PRESENCA_ENCRYPTION_KEY is not set");
            assertThat(home.resolve(LocalModeFiles.FILE_NAME)).doesNotExist();
        }

        @Test
        @DisplayName("when the key is not base64, or not 32 bytes")
        void malformed() {
            String notBase64 = "this*is*not*base64*at*all*but*a*secret";
            refused(environment().withProperty(EncryptionConfiguration.KEY, notBase64), "is not base64", notBase64);
            String short16 = base64(new byte[16]);
            refused(environment().withProperty(EncryptionConfiguration.KEY, short16), "not 16", short16);
            String long48 = base64(new byte[48]);
            refused(environment().withProperty(EncryptionConfiguration.KEY, long48), "not 48", long48);
        }

        @Test
        @DisplayName("when a key id or a previous key is malformed, or an id is used twice")
        void malformedRotation() {
            MockEnvironment configured = environment().withProperty(EncryptionConfiguration.KEY, base64(KEY_1));
            refused(configured.withProperty(EncryptionConfiguration.KEY_ID, "Key-1"), "PRESENCA_ENCRYPTION_KEY_ID");
            MockEnvironment rotating = environment().withProperty(EncryptionConfiguration.KEY, base64(KEY_1));
            String noId = base64(KEY_0);
            refused(rotating.withProperty(EncryptionConfiguration.PREVIOUS_KEYS, noId), "entry 1", noId);
            refused(rotating.withProperty(EncryptionConfiguration.PREVIOUS_KEYS, "k0:" + base64(KEY_0) + ",k1:"
                    + base64(KEY_0)), "'k1' twice", base64(KEY_0));
            String shortKey = base64(new byte[31]);
            refused(rotating.withProperty(EncryptionConfiguration.PREVIOUS_KEYS, "k0:" + shortKey),
                    "PRESENCA_ENCRYPTION_PREVIOUS_KEYS key 'k0' must decode to 32 bytes", shortKey);
        }
    }

    @Nested
    @DisplayName("in local mode without a key")
    class LocalMode {

        @Test
        @DisplayName("generate one, keep it in the local-mode file, and use the same one at the next start")
        void generated() throws java.io.IOException {
            ApiKeyCipher first = EncryptionConfiguration.cipherOf(environment(), true);
            String stored = first.encrypt(API_KEY);

            String file = Files.readString(home.resolve(LocalModeFiles.FILE_NAME), StandardCharsets.UTF_8);
            assertThat(file).contains(EncryptionConfiguration.LOCAL_KEY + "=");
            ApiKeyCipher second = EncryptionConfiguration.cipherOf(environment(), true);
            assertThat(second.decrypt(stored)).isEqualTo(API_KEY);
        }
    }
}
