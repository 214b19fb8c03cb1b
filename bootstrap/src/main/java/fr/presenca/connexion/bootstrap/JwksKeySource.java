package fr.presenca.connexion.bootstrap;

import java.net.MalformedURLException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.CachingJWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.jwk.source.RateLimitedJWKSetSource;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.SignedJWT;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The signing keys published at {@code PRESENCA_JWT_JWKS_URL}, for {@code NimbusReactiveJwtDecoder.withJwkSource}.
 * <p>
 * Spring Security's own JWKS source keeps a key set forever and fetches the set again for every token whose
 * {@code kid} it does not know, so a stream of tokens with made-up kids makes the service hammer the JWKS endpoint.
 * Here Nimbus's sources bound both: the set is kept for {@link JwtSettings.Jwks#cacheTtl()}, every fetch goes
 * through Nimbus's rate limiter (two per {@link JwtSettings.Jwks#refetchInterval()}, so a scheduled refresh always
 * finds one left), and a token with an unknown kid may cause at most one fetch per interval (it then sees the newly
 * published keys of a rotation). Tokens are matched by {@code kid}; one without a kid gets no key.
 * <p>
 * Time is {@code clock}'s (tests move it). The fetch blocks (Nimbus's HTTP retriever), so every look-up runs on
 * Reactor's bounded elastic scheduler; only tokens not yet in the verified token cache get here.
 */
final class JwksKeySource implements Function<SignedJWT, Flux<JWK>> {

    private static final Logger LOG = LoggerFactory.getLogger(JwksKeySource.class);

    private static final int HTTP_TIMEOUT_MILLIS = 3_000;
    /** A JWKS holds a few keys; Supabase's is well under 2 kB. */
    private static final int SIZE_LIMIT_BYTES = 64 * 1024;
    /** How long a look-up waits for another one's fetch of the set: the fetch's own connect and read timeouts. */
    private static final long REFRESH_WAIT_MILLIS = 2L * HTTP_TIMEOUT_MILLIS;

    private final JWKSetSource<SecurityContext> keySets;
    private final Clock clock;
    private final long refetchIntervalMillis;
    private final AtomicLong nextUnknownKidRefetch = new AtomicLong(Long.MIN_VALUE);

    JwksKeySource(JwtSettings.Jwks settings, Clock clock) {
        URLBasedJWKSetSource<SecurityContext> published;
        try {
            published = new URLBasedJWKSetSource<>(settings.url().toURL(),
                    new DefaultResourceRetriever(HTTP_TIMEOUT_MILLIS, HTTP_TIMEOUT_MILLIS, SIZE_LIMIT_BYTES));
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalStateException("PRESENCA_JWT_JWKS_URL must be an absolute http(s) URL");
        }
        this.refetchIntervalMillis = settings.refetchInterval().toMillis();
        this.keySets = new CachingJWKSetSource<>(
                new RateLimitedJWKSetSource<>(published, refetchIntervalMillis, null),
                settings.cacheTtl().toMillis(), REFRESH_WAIT_MILLIS, null);
        this.clock = clock;
    }

    @Override
    public Flux<JWK> apply(SignedJWT token) {
        JWSHeader header = token.getHeader();
        String keyId = header.getKeyID();
        if (keyId == null) {
            return Flux.empty();
        }
        JWKSelector selector = new JWKSelector(JWKMatcher.forJWSHeader(header));
        return Mono.fromCallable(() -> keysFor(keyId, selector))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMapIterable(keys -> keys);
    }

    /**
     * The published keys {@code selector} accepts; blocks when the set has to be fetched. Without a valid set (none
     * fetched yet, or expired) and none to be had, throws: the token cannot be checked either way.
     */
    private List<JWK> keysFor(String keyId, JWKSelector selector) throws KeySourceException {
        long now = clock.millis();
        JWKSet cached;
        try {
            cached = keySets.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), now, null);
        } catch (KeySourceException e) {
            logFailedFetch(e);
            throw e;
        }
        List<JWK> keys = selector.select(cached);
        // A known kid that does not match (another algorithm or key type) is no reason to fetch the set again.
        if (!keys.isEmpty() || cached.getKeyByKeyId(keyId) != null || !mayRefetchForUnknownKid(now)) {
            return keys;
        }
        try {
            // Fetches unless another look-up has already replaced the set this one saw.
            return selector.select(keySets.getJWKSet(JWKSetCacheRefreshEvaluator.referenceComparison(cached), now, null));
        } catch (KeySourceException e) {
            // The valid set does not hold this kid, and no newer one is to be had now: the token has no key.
            logFailedFetch(e);
            return keys;
        }
    }

    /** Fetches are rate-limited, so this logs at most a few times per refetch interval. */
    private static void logFailedFetch(KeySourceException failure) {
        if (!(failure instanceof RateLimitReachedException)) {
            LOG.warn("Could not fetch the signing keys published at PRESENCA_JWT_JWKS_URL: {}", failure.getMessage());
        }
    }

    private boolean mayRefetchForUnknownKid(long now) {
        long next = nextUnknownKidRefetch.get();
        return now >= next && nextUnknownKidRefetch.compareAndSet(next, now + refetchIntervalMillis);
    }
}
