package fr.presenca.connexion.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.env.MockEnvironment;

@DisplayName("The token verification settings")
class JwtSettingsTest {

    private static final String SECRET = "settings-test-secret-that-is-long-enough-0123456789";
    private static final String JWKS_URL = "https://project.supabase.co/auth/v1/.well-known/jwks.json";

    @TempDir
    Path home;

    private MockEnvironment environment(boolean embedded) {
        return new MockEnvironment().withProperty(DatabaseEnvironmentPostProcessor.HOME, home.toString())
                .withProperty("presenca.database.embedded.active", String.valueOf(embedded));
    }

    @Test
    @DisplayName("with neither a secret nor a JWKS URL, local mode on the embedded database, with a kept secret")
    void localModeWhenNeither() {
        JwtSettings settings = JwtSettings.from(environment(true));
        assertThat(settings.localMode()).isTrue();
        assertThat(settings.jwks()).isEmpty();
        assertThat(settings.secret()).get().satisfies(secret -> assertThat(secret).hasSizeGreaterThanOrEqualTo(32));
        assertThat(JwtSettings.from(environment(true)).secret().get()).isEqualTo(settings.secret().get());
        // Blank values are unset, as an empty environment variable is.
        assertThat(JwtSettings.from(environment(true).withProperty(JwtSettings.SECRET, " ")
                .withProperty(JwtSettings.JWKS_URL, "")).localMode()).isTrue();
    }

    @Test
    @DisplayName("with neither, on another database, the start is refused")
    void noLocalModeOnOtherDatabases() {
        assertThatThrownBy(() -> JwtSettings.from(environment(false)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PRESENCA_JWT_SECRET").hasMessageContaining("PRESENCA_JWT_JWKS_URL");
        assertThat(home.resolve(LocalModeFiles.FILE_NAME)).doesNotExist();
    }

    @Test
    @DisplayName("a JWKS URL alone: no local mode, no HS256, on any database, with the default cache durations")
    void jwksAlone() {
        for (boolean embedded : new boolean[] {true, false}) {
            JwtSettings settings = JwtSettings.from(environment(embedded).withProperty(JwtSettings.JWKS_URL, JWKS_URL));
            assertThat(settings.localMode()).isFalse();
            assertThat(settings.secret()).isEmpty();
            assertThat(settings.jwks()).contains(new JwtSettings.Jwks(URI.create(JWKS_URL), Duration.ofMinutes(10),
                    Duration.ofSeconds(30)));
        }
        assertThat(home.resolve(LocalModeFiles.FILE_NAME)).as("nothing generated").doesNotExist();
    }

    @Test
    @DisplayName("a secret alone: HS256 only; both: both")
    void secretAloneOrBoth() {
        JwtSettings secretOnly = JwtSettings.from(environment(false).withProperty(JwtSettings.SECRET, SECRET));
        assertThat(secretOnly.localMode()).isFalse();
        assertThat(secretOnly.jwks()).isEmpty();
        assertThat(secretOnly.secret()).contains(SECRET.getBytes(StandardCharsets.UTF_8));

        JwtSettings both = JwtSettings.from(environment(false).withProperty(JwtSettings.SECRET, SECRET)
                .withProperty(JwtSettings.JWKS_URL, JWKS_URL)
                .withProperty(JwtSettings.JWKS_CACHE_TTL, "5m")
                .withProperty(JwtSettings.JWKS_REFETCH_INTERVAL, "PT15S"));
        assertThat(both.secret()).contains(SECRET.getBytes(StandardCharsets.UTF_8));
        assertThat(both.jwks()).contains(new JwtSettings.Jwks(URI.create(JWKS_URL), Duration.ofMinutes(5),
                Duration.ofSeconds(15)));
        assertThat(both.toString()).doesNotContain(SECRET);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ftp://project.supabase.co/jwks.json", "/auth/v1/.well-known/jwks.json", "https://",
            "not a url", "file:///etc/jwks.json"})
    @DisplayName("a JWKS URL that is not an absolute http(s) URL is refused")
    void badUrl(String url) {
        assertThatThrownBy(() -> JwtSettings.from(environment(false).withProperty(JwtSettings.JWKS_URL, url)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("PRESENCA_JWT_JWKS_URL");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0s", "-1m", "ten minutes"})
    @DisplayName("a cache time or refetch interval that is not a positive duration is refused")
    void badDurations(String duration) {
        MockEnvironment base = environment(false).withProperty(JwtSettings.JWKS_URL, JWKS_URL);
        assertThatThrownBy(() -> JwtSettings.from(base.withProperty(JwtSettings.JWKS_CACHE_TTL, duration)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("PRESENCA_JWT_JWKS_CACHE_TTL");
        MockEnvironment other = environment(false).withProperty(JwtSettings.JWKS_URL, JWKS_URL);
        assertThatThrownBy(() -> JwtSettings.from(other.withProperty(JwtSettings.JWKS_REFETCH_INTERVAL, duration)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("PRESENCA_JWT_JWKS_REFETCH_INTERVAL");
    }

    @Test
    @DisplayName("a secret under 32 bytes is refused, with or without a JWKS URL, and never shown")
    void shortSecret() {
        for (String url : new String[] {null, JWKS_URL}) {
            MockEnvironment environment = environment(false).withProperty(JwtSettings.SECRET, "short-secret");
            if (url != null) {
                environment.setProperty(JwtSettings.JWKS_URL, url);
            }
            assertThatThrownBy(() -> JwtSettings.from(environment))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("PRESENCA_JWT_SECRET").hasMessageNotContaining("short-secret");
        }
    }
}
