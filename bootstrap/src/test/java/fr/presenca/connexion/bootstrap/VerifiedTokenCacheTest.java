package fr.presenca.connexion.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.spec.SecretKeySpec;

import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * The verified token cache around a real Nimbus decoder that counts its calls. Time is a pinned {@link TestClock}
 * that the tests move; the cache's ticker either follows it or stands still, to tell validation (which runs on
 * every decode) apart from the entries' own expiry.
 */
@DisplayName("Verified token cache: verifies a token once, validates it every time")
class VerifiedTokenCacheTest {

    private static final String SECRET = "unit-test-secret-of-the-verified-token-cache-0123456789";
    private static final String OTHER_SECRET = "another-secret-that-is-long-enough-0123456789";
    private static final Instant NOW = Instant.parse("2030-03-01T10:00:00Z");
    /** JwtTimestampValidator's default clock skew. */
    private static final Duration SKEW = Duration.ofSeconds(60);

    /** A ticker that never moves: entries never expire by themselves, only validation refuses. */
    private static final Ticker STANDING_STILL = () -> 0L;

    private final TestClock clock = new TestClock();

    VerifiedTokenCacheTest() {
        clock.set(NOW);
    }

    /** A real signature-checking decoder (no validation, as in production) that counts its calls. */
    private static final class CountingVerifier implements ReactiveJwtDecoder {

        private final ReactiveJwtDecoder nimbus = AlgorithmRoutingJwtDecoder.secretVerifier(
                SECRET.getBytes(StandardCharsets.UTF_8));
        private final AtomicInteger calls = new AtomicInteger();

        @Override
        public reactor.core.publisher.Mono<Jwt> decode(String token) {
            calls.incrementAndGet();
            return nimbus.decode(token);
        }

        int calls() {
            return calls.get();
        }
    }

    private final CountingVerifier verifier = new CountingVerifier();

    private VerifiedTokenCache cache(int size, Ticker ticker) {
        return new VerifiedTokenCache(verifier, SecurityConfiguration.tokenValidator(clock), size, clock, ticker);
    }

    /** A ticker that follows the test clock, so that moving the clock past exp expires the entry. */
    private Ticker followingTheClock() {
        return () -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
    }

    private static String token(String secret, UUID user, Instant expiresAt) {
        return Tokens.sign(secret, Map.of("sub", user.toString(), "role", "authenticated",
                "exp", expiresAt.getEpochSecond()), null);
    }

    private static String token(UUID user, Instant expiresAt) {
        return token(SECRET, user, expiresAt);
    }

    private static Throwable refusal(ReactiveJwtDecoder decoder, String token) {
        return catchThrowable(() -> decoder.decode(token).block());
    }

    @Test
    @DisplayName("the same token decoded twice is verified once, and both decodes give its claims")
    void verifiedOnce() {
        VerifiedTokenCache cache = cache(10, followingTheClock());
        UUID user = UUID.randomUUID();
        String token = token(user, NOW.plus(Duration.ofMinutes(10)));

        Jwt first = cache.decode(token).block();
        assertThat(cache.contains(token)).isTrue();
        Jwt second = cache.decode(token).block();

        assertThat(verifier.calls()).isEqualTo(1);
        assertThat(first.getSubject()).isEqualTo(user.toString());
        assertThat(second.getSubject()).isEqualTo(user.toString());
        assertThat(second.getClaimAsString("role")).isEqualTo("authenticated");
        assertThat(second.getTokenValue()).isEqualTo(token);
    }

    @Test
    @DisplayName("a cached token is refused once the clock passes exp + skew, exactly as an uncached one, same message")
    void cachedTokenExpires() {
        VerifiedTokenCache cache = cache(10, STANDING_STILL);
        VerifiedTokenCache uncached = cache(0, STANDING_STILL);
        Instant expiresAt = NOW.plus(Duration.ofMinutes(10));
        String token = token(UUID.randomUUID(), expiresAt);
        cache.decode(token).block();
        assertThat(verifier.calls()).isEqualTo(1);

        // The last instant the skew still allows: both accept.
        clock.set(expiresAt.plus(SKEW));
        assertThat(cache.decode(token).block()).isNotNull();
        assertThat(uncached.decode(token).block()).isNotNull();

        // A nanosecond later: both refuse, the cached one from the cache, without verifying again.
        clock.set(expiresAt.plus(SKEW).plusNanos(1));
        int verifications = verifier.calls();
        Throwable fromCache = refusal(cache, token);
        assertThat(verifier.calls()).isEqualTo(verifications);
        assertThat(cache.contains(token)).isTrue();
        Throwable fresh = refusal(uncached, token);

        assertThat(fromCache).isInstanceOf(JwtValidationException.class)
                .hasMessage("Jwt expired at " + expiresAt);
        assertThat(fresh).isExactlyInstanceOf(fromCache.getClass()).hasMessage(fromCache.getMessage());
        assertThat(((JwtValidationException) fromCache).getErrors())
                .extracting(error -> error.getErrorCode() + " " + error.getDescription())
                .containsExactlyElementsOf(((JwtValidationException) fresh).getErrors().stream()
                        .map(error -> error.getErrorCode() + " " + error.getDescription()).toList());
    }

    @Test
    @DisplayName("an entry leaves the cache at the token's exp; in the skew after it the token is verified again")
    void entryExpiresAtExp() {
        VerifiedTokenCache cache = cache(10, followingTheClock());
        Instant expiresAt = NOW.plus(Duration.ofMinutes(10));
        String token = token(UUID.randomUUID(), expiresAt);
        cache.decode(token).block();

        clock.set(expiresAt.minusSeconds(1));
        assertThat(cache.contains(token)).isTrue();
        clock.set(expiresAt);
        assertThat(cache.contains(token)).isFalse();

        // Still accepted within the skew, as without the cache, but not kept again: it has no time left.
        clock.set(expiresAt.plusSeconds(30));
        assertThat(cache.decode(token).block()).isNotNull();
        assertThat(verifier.calls()).isEqualTo(2);
        assertThat(cache.contains(token)).isFalse();
    }

    @Test
    @DisplayName("with a maximum entry lifetime (the key set's cache time) an entry leaves before a later exp")
    void entryLifetimeIsBounded() {
        VerifiedTokenCache cache = new VerifiedTokenCache(verifier, SecurityConfiguration.tokenValidator(clock), 10,
                clock, Duration.ofMinutes(10), followingTheClock());
        String token = token(UUID.randomUUID(), NOW.plus(Duration.ofHours(1)));
        cache.decode(token).block();

        clock.set(NOW.plus(Duration.ofMinutes(10)).minusSeconds(1));
        assertThat(cache.contains(token)).isTrue();
        clock.set(NOW.plus(Duration.ofMinutes(10)));
        assertThat(cache.contains(token)).isFalse();
        // Verified again, then kept again.
        assertThat(cache.decode(token).block()).isNotNull();
        assertThat(verifier.calls()).isEqualTo(2);
        assertThat(cache.contains(token)).isTrue();
    }

    @Test
    @DisplayName("a wrongly signed token is refused every time and never cached")
    void wronglySigned() {
        VerifiedTokenCache cache = cache(10, followingTheClock());
        String token = token(OTHER_SECRET, UUID.randomUUID(), NOW.plus(Duration.ofMinutes(10)));

        Throwable first = refusal(cache, token);
        Throwable second = refusal(cache, token);

        assertThat(first).isInstanceOf(BadJwtException.class).hasRootCauseMessage("Signed JWT rejected: Invalid signature");
        assertThat(second).isExactlyInstanceOf(first.getClass()).hasMessage(first.getMessage());
        assertThat(verifier.calls()).isEqualTo(2);
        assertThat(cache.contains(token)).isFalse();
        assertThat(cache.estimatedSize()).isZero();
    }

    @Test
    @DisplayName("a well signed token with invalid claims is refused every time and never cached")
    void invalidClaims() {
        VerifiedTokenCache cache = cache(10, followingTheClock());
        String token = Tokens.sign(SECRET, Map.of("sub", UUID.randomUUID().toString(), "role", "anon",
                "exp", NOW.plus(Duration.ofMinutes(10)).getEpochSecond()), null);

        for (int i = 0; i < 2; i++) {
            assertThat(refusal(cache, token)).isInstanceOf(JwtValidationException.class)
                    .hasMessage("the token's role must be authenticated or service_role");
        }
        assertThat(verifier.calls()).isEqualTo(2);
        assertThat(cache.contains(token)).isFalse();
    }

    @Test
    @DisplayName("two different tokens are cached separately, each with its own claims")
    void twoTokens() {
        VerifiedTokenCache cache = cache(10, followingTheClock());
        UUID one = UUID.randomUUID();
        UUID two = UUID.randomUUID();
        String first = token(one, NOW.plus(Duration.ofMinutes(10)));
        String second = token(two, NOW.plus(Duration.ofMinutes(20)));

        for (int i = 0; i < 2; i++) {
            assertThat(cache.decode(first).block().getSubject()).isEqualTo(one.toString());
            assertThat(cache.decode(second).block().getSubject()).isEqualTo(two.toString());
        }
        assertThat(verifier.calls()).isEqualTo(2);
        assertThat(cache.contains(first)).isTrue();
        assertThat(cache.contains(second)).isTrue();
        assertThat(cache.estimatedSize()).isEqualTo(2);

        // Past the first token's exp only the second one is left.
        clock.set(NOW.plus(Duration.ofMinutes(15)));
        assertThat(cache.contains(first)).isFalse();
        assertThat(cache.contains(second)).isTrue();
    }

    @Test
    @DisplayName("size 0 disables the cache: every decode verifies")
    void disabled() {
        VerifiedTokenCache cache = cache(0, followingTheClock());
        UUID user = UUID.randomUUID();
        String token = token(user, NOW.plus(Duration.ofMinutes(10)));

        assertThat(cache.decode(token).block().getSubject()).isEqualTo(user.toString());
        assertThat(cache.decode(token).block().getSubject()).isEqualTo(user.toString());

        assertThat(verifier.calls()).isEqualTo(2);
        assertThat(cache.contains(token)).isFalse();
        assertThat(cache.estimatedSize()).isZero();
    }

    @Test
    @DisplayName("the signature verifier validates nothing: its answers depend on the token text only")
    void verifierValidatesNothing() {
        // Expired by the system clock, which its own default validator would use.
        String expired = new Tokens(SECRET).expired(UUID.randomUUID());
        assertThat(AlgorithmRoutingJwtDecoder.secretVerifier(SECRET.getBytes(StandardCharsets.UTF_8))
                .decode(expired).block().getExpiresAt()).isBefore(Instant.now());
    }

    @Test
    @DisplayName("a negative size is refused")
    void negativeSize() {
        assertThatThrownBy(() -> cache(-1, followingTheClock())).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The production decoder against the one it replaces (Nimbus validating with JwtValidators.createDefault() and
     * the service's claims, on the system clock): each refused token gets the same exception type and message, and
     * a valid token the same claims, whether it comes from the cache or not.
     */
    @Test
    @DisplayName("refuses and accepts exactly like the former decoder, cached or not")
    void sameAsTheFormerDecoder() {
        byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
        NimbusReactiveJwtDecoder former = NimbusReactiveJwtDecoder
                .withSecretKey(new SecretKeySpec(secret, "HmacSHA256")).macAlgorithm(MacAlgorithm.HS256).build();
        former.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(JwtValidators.createDefault(),
                SecurityConfiguration::validateClaims)));
        VerifiedTokenCache current = SecurityConfiguration.jwtDecoder(JwtSettings.configured(SECRET, null), 10,
                Clock.systemUTC(), Clock.systemUTC());
        Tokens tokens = new Tokens(SECRET);

        List<String> refused = List.of(
                tokens.expired(UUID.randomUUID()),
                tokens.signedWith(OTHER_SECRET, UUID.randomUUID()),
                tokens.withClaims(Map.of("sub", UUID.randomUUID().toString(), "role", "authenticated"), null),
                tokens.withClaims(Map.of("sub", "not-a-uuid", "role", "authenticated"), Duration.ofMinutes(5)),
                tokens.withClaims(Map.of("sub", UUID.randomUUID().toString(), "role", "anon"), Duration.ofMinutes(5)),
                tokens.withClaims(Map.of("sub", UUID.randomUUID().toString(), "role", "authenticated",
                        "nbf", Instant.now().plus(Duration.ofMinutes(5)).getEpochSecond()), Duration.ofMinutes(10)),
                "not.a.jwt",
                "");
        for (String token : refused) {
            Throwable expected = refusal(former, token);
            assertThat(expected).as("former decoder on %s", token).isInstanceOf(JwtException.class);
            for (int i = 0; i < 2; i++) {
                assertThat(refusal(current, token)).as("current decoder on %s", token)
                        .isExactlyInstanceOf(expected.getClass()).hasMessage(expected.getMessage());
            }
            assertThat(current.contains(token)).isFalse();
        }

        String valid = tokens.serviceRole(UUID.randomUUID());
        Jwt expected = former.decode(valid).block();
        for (int i = 0; i < 2; i++) {
            Jwt actual = current.decode(valid).block();
            assertThat(actual.getClaims()).isEqualTo(expected.getClaims());
            assertThat(actual.getHeaders()).isEqualTo(expected.getHeaders());
            assertThat(actual.getTokenValue()).isEqualTo(expected.getTokenValue());
        }
        assertThat(current.contains(valid)).isTrue();
    }
}
