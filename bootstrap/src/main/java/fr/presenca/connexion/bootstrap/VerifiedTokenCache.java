package fr.presenca.connexion.bootstrap;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.util.StringUtils;
import reactor.core.publisher.Mono;

/**
 * Decodes bearer tokens, remembering the ones already verified. Partner integrations send the same token before
 * every OpenAI call until it expires, and parsing it, checking its HMAC and converting its claims each time cost
 * some 5-10 % of the service's CPU.
 * <p>
 * Parsing and signature verification are a pure function of the token text and of the keys, so their result is
 * kept by the exact text, signature included: a token whose payload matches a cached one but whose signature
 * differs is another key and is verified on its own. The secret is fixed for the life of the process; a published
 * signing key can be revoked, so with a JWKS entries are kept no longer than its cache time (a revoked key's tokens
 * stop when the key set would have been fetched again anyway). Validation (exp/nbf with their
 * skew, typ, the service's own claims) depends on the time, so it runs on every decode, cached or not, and refuses
 * exactly as the uncached decoder would: same exception, same message, the same instant.
 * <p>
 * Only tokens that are verified and valid are kept; refused ones (bad signature, malformed, expired, wrong
 * claims) are decoded again each time. An entry leaves the cache at the token's {@code exp} at the latest, and the
 * cache holds at most {@code maximumSize} tokens. Tokens are never logged.
 */
final class VerifiedTokenCache implements ReactiveJwtDecoder {

    /**
     * Longest time an entry is kept even if its {@code exp} is later: past that, re-verifying costs nothing worth
     * saving, and Caffeine's nanosecond durations stay far from overflowing for tokens that expire in centuries.
     */
    static final Duration MAXIMUM_ENTRY_LIFETIME = Duration.ofDays(1);

    /** Spring Security's own message when no error has a description (NimbusReactiveJwtDecoder does the same). */
    private static final String NO_DESCRIPTION = "Unable to validate Jwt";

    private final ReactiveJwtDecoder verifier;
    private final OAuth2TokenValidator<Jwt> validator;
    private final Clock clock;
    private final Duration maximumEntryLifetime;
    private final Cache<String, Jwt> verified;

    /**
     * @param verifier    parses the token and checks its signature, and validates nothing (its validator always
     *                    succeeds): what it answers may be kept
     * @param validator   run on every decoded token, cached or not; its clock should be {@code clock}
     * @param maximumSize how many tokens to keep; 0 disables the cache (every token is verified)
     * @param clock       the time tokens expire against
     */
    VerifiedTokenCache(ReactiveJwtDecoder verifier, OAuth2TokenValidator<Jwt> validator, int maximumSize, Clock clock) {
        this(verifier, validator, maximumSize, clock, MAXIMUM_ENTRY_LIFETIME, Ticker.systemTicker());
    }

    /** As above, with the ticker that measures how long entries have been kept (tests drive it with the clock). */
    VerifiedTokenCache(ReactiveJwtDecoder verifier, OAuth2TokenValidator<Jwt> validator, int maximumSize, Clock clock,
                       Ticker ticker) {
        this(verifier, validator, maximumSize, clock, MAXIMUM_ENTRY_LIFETIME, ticker);
    }

    /**
     * As above, keeping no entry longer than {@code maximumEntryLifetime} (nor {@link #MAXIMUM_ENTRY_LIFETIME}):
     * with published signing keys, their cache time.
     */
    VerifiedTokenCache(ReactiveJwtDecoder verifier, OAuth2TokenValidator<Jwt> validator, int maximumSize, Clock clock,
                       Duration maximumEntryLifetime, Ticker ticker) {
        if (maximumSize < 0) {
            throw new IllegalArgumentException("the verified token cache size must not be negative: " + maximumSize);
        }
        if (maximumEntryLifetime.isNegative() || maximumEntryLifetime.isZero()) {
            throw new IllegalArgumentException("the verified token lifetime must be positive: " + maximumEntryLifetime);
        }
        this.verifier = verifier;
        this.validator = validator;
        this.clock = clock;
        this.maximumEntryLifetime = maximumEntryLifetime.compareTo(MAXIMUM_ENTRY_LIFETIME) < 0
                ? maximumEntryLifetime : MAXIMUM_ENTRY_LIFETIME;
        // Caffeine's admission policy (W-TinyLFU) keeps the tokens used often: a burst of one-off tokens does not
        // evict the partners' recurring ones.
        this.verified = maximumSize == 0 ? null : Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfter(Expiry.creating((String token, Jwt jwt) -> remainingLifetime(jwt)))
                .ticker(ticker)
                .build();
    }

    @Override
    public Mono<Jwt> decode(String token) throws JwtException {
        if (verified == null || token == null) {
            return verifier.decode(token).map(this::validate);
        }
        Jwt cached = verified.getIfPresent(token);
        if (cached != null) {
            // Validated when subscribed to, as the Nimbus decoder does: the same instant decides.
            return Mono.fromSupplier(() -> validate(cached));
        }
        // Verified outside of any cache lock (not Cache.get(key, loader)): a request never waits for another one's
        // verification, at the price of two concurrent first uses of one token both verifying it.
        return verifier.decode(token)
                .map(this::validate)
                .doOnNext(jwt -> {
                    if (!remainingLifetime(jwt).isZero()) {
                        verified.put(token, jwt);
                    }
                });
    }

    /** Throws what NimbusReactiveJwtDecoder throws for an invalid token, so that refusals look the same. */
    private Jwt validate(Jwt jwt) {
        OAuth2TokenValidatorResult result = validator.validate(jwt);
        if (result.hasErrors()) {
            String message = result.getErrors().stream()
                    .map(OAuth2Error::getDescription)
                    .filter(StringUtils::hasLength)
                    .findFirst()
                    .orElse(NO_DESCRIPTION);
            throw new JwtValidationException(message, result.getErrors());
        }
        return jwt;
    }

    /** Until the token's exp (never past the maximum entry lifetime); zero if it has none or has expired. */
    private Duration remainingLifetime(Jwt jwt) {
        Instant expiresAt = jwt.getExpiresAt();
        if (expiresAt == null) {
            return Duration.ZERO;
        }
        Duration remaining = Duration.between(clock.instant(), expiresAt);
        if (remaining.isNegative()) {
            return Duration.ZERO;
        }
        return remaining.compareTo(maximumEntryLifetime) > 0 ? maximumEntryLifetime : remaining;
    }

    /** Whether this exact token text is cached (for tests and diagnostics). */
    boolean contains(String token) {
        return verified != null && verified.asMap().containsKey(token);
    }

    /** Approximate number of cached tokens (for tests and diagnostics). */
    long estimatedSize() {
        if (verified == null) {
            return 0;
        }
        verified.cleanUp();
        return verified.estimatedSize();
    }
}
