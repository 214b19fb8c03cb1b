package fr.presenca.connexion.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.application.error.UnavailableException;
import fr.presenca.connexion.application.fake.InMemoryConnexionStore;
import fr.presenca.connexion.application.gateway.UpstreamAccount;
import fr.presenca.connexion.application.gateway.UpstreamAnswer;
import fr.presenca.connexion.application.gateway.UpstreamError;
import fr.presenca.connexion.application.gateway.UpstreamFailure;
import fr.presenca.connexion.application.gateway.UpstreamRequest;
import fr.presenca.connexion.application.port.in.CreateConnexionCommand;
import fr.presenca.connexion.application.port.out.OpenAiPort;
import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.connexion.Connexion;
import fr.presenca.connexion.domain.connexion.ConnexionStatus;
import fr.presenca.connexion.domain.connexion.NewConnexion;
import io.vavr.control.Option;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

@DisplayName("verifyConnexion, on in-memory ports")
class VerifyConnexionServiceTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    private final InMemoryConnexionStore store = new InMemoryConnexionStore();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final Caller member = Caller.authenticated(UUID.randomUUID());
    private final AtomicInteger checks = new AtomicInteger();

    /** An OpenAI that answers every key check with {@code answer}. */
    private OpenAiPort openAi(Function<UpstreamAccount, Mono<Option<UpstreamError>>> answer) {
        return new OpenAiPort() {
            @Override
            public Mono<UpstreamAnswer> call(UpstreamRequest request) {
                throw new AssertionError("a key check makes no gateway call");
            }

            @Override
            public Mono<Option<UpstreamError>> checkKey(UpstreamAccount account) {
                checks.incrementAndGet();
                return answer.apply(account);
            }
        };
    }

    private Connexion connexion(Option<String> apiKey) {
        UUID organisation = UUID.randomUUID();
        store.member(member.subject(), organisation);
        return new CreateConnexionService(store, store, clock, ZONE).createConnexion(new CreateConnexionCommand(member,
                new NewConnexion.Input(null, Option.none(), UUID.randomUUID(), apiKey, Option.none(), Option.none(),
                        Option.none(), Option.none(), Option.none(), Option.none(), Option.none(), Option.none())))
                .block().get();
    }

    private Connexion expired(Connexion connexion) {
        fr.presenca.connexion.domain.connexion.Transition expiry = connexion.markExpired("invalid_api_key: revoked", NOW).get();
        return store.updateConnexion(member,
                fr.presenca.connexion.application.write.ConnexionWrite.of(expiry, member.subject())).block().get();
    }

    @Test
    @DisplayName("an accepted key lifts EXPIRED and sets lastSyncAt; the key checked is the stored one")
    void accepted() {
        Connexion connexion = expired(connexion(Option.some("sk-proj-verifyservice0123456789")));
        VerifyConnexionService service = new VerifyConnexionService(store, store, openAi(account -> {
            assertThat(account.apiKey().reveal()).isEqualTo("sk-proj-verifyservice0123456789");
            return Mono.just(Option.none());
        }), clock, ZONE);

        StepVerifier.create(service.verifyConnexion(member, connexion.id()))
                .assertNext(result -> {
                    assertThat(result.get().status()).isEqualTo(ConnexionStatus.ACTIVE);
                    assertThat(result.get().lastSyncAt()).contains(NOW);
                })
                .verifyComplete();
        assertThat(store.loadConnexion(member, connexion.id()).block().get().status()).isEqualTo(ConnexionStatus.ACTIVE);
    }

    @Test
    @DisplayName("OpenAI out of time fails UNAVAILABLE and leaves the connexion as it was")
    void unreachable() {
        Connexion connexion = connexion(Option.some("sk-proj-verifyservice0123456789"));
        VerifyConnexionService service = new VerifyConnexionService(store, store, openAi(account ->
                Mono.error(new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT, "OpenAI did not answer in time", null))), clock, ZONE);

        StepVerifier.create(service.verifyConnexion(member, connexion.id())).expectError(UnavailableException.class).verify();
        assertThat(store.loadConnexion(member, connexion.id()).block().get()).isEqualTo(connexion);
    }

    @Test
    @DisplayName("no stored key is a rejected apiKey field, and OpenAI is not called")
    void noKey() {
        Connexion connexion = connexion(Option.none());
        VerifyConnexionService service = new VerifyConnexionService(store, store, openAi(account -> Mono.just(Option.none())),
                clock, ZONE);

        StepVerifier.create(service.verifyConnexion(member, connexion.id()))
                .assertNext(result -> assertThat(result.getLeft()).isInstanceOfSatisfying(ApplicationError.Rejected.class,
                        rejected -> assertThat(((DomainError.InvalidField) rejected.error()).field()).isEqualTo("apiKey")))
                .verifyComplete();
        assertThat(checks).hasValue(0);
    }
}
