package fr.presenca.connexion.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.application.fake.InMemoryMetering;
import fr.presenca.connexion.application.fake.MutableClock;
import fr.presenca.connexion.application.port.in.UpsertModelPriceCommand;
import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.cost.ModelPrice;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

@DisplayName("Setting and listing model prices")
class UpsertModelPriceServiceTest {

    final InMemoryMetering store = new InMemoryMetering();
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    final UpsertModelPriceService upsert = new UpsertModelPriceService(store, clock);
    final ListModelPricesService list = new ListModelPricesService(store, clock);
    final UUID admin = UUID.randomUUID();

    @Test
    @DisplayName("an admin sets a price, which the listing then shows, ordered by model")
    void adminSets() {
        store.admin(admin);
        Caller caller = Caller.authenticated(admin);
        StepVerifier.create(upsert.upsertModelPrice(UpsertModelPriceCommand.of(caller, "gpt-4o", new BigDecimal("2.5"), null,
                        new BigDecimal("10"), null, null).get()))
                .assertNext(result -> assertThat(result.get().inputPerMillion()).isEqualByComparingTo("2.5"))
                .verifyComplete();
        upsert.upsertModelPrice(UpsertModelPriceCommand.of(caller, "gpt-4.1", BigDecimal.ONE, null, BigDecimal.TEN, null, null).get()).block();
        StepVerifier.create(list.listModelPrices(caller))
                .assertNext(prices -> assertThat(prices).extracting(p -> p.model().value()).containsExactly("gpt-4.1", "gpt-4o"))
                .verifyComplete();
    }

    @Test
    @DisplayName("anyone else is refused")
    void othersRefused() {
        StepVerifier.create(upsert.upsertModelPrice(UpsertModelPriceCommand.of(Caller.authenticated(UUID.randomUUID()),
                        "gpt-4o", BigDecimal.ONE, null, BigDecimal.ONE, null, null).get()))
                .assertNext(result -> assertThat(result.getLeft()).isInstanceOf(ApplicationError.Forbidden.class))
                .verifyComplete();
    }

    @Test
    @DisplayName("prices are >= 0 with at most 6 decimal places, and the model is named")
    void validation() {
        Caller caller = Caller.authenticated(admin);
        assertThat(UpsertModelPriceCommand.of(caller, "gpt-4o", new BigDecimal("0.0000001"), null, new BigDecimal("-1"), null, null).getLeft())
                .isInstanceOfSatisfying(DomainError.InvalidFields.class,
                        e -> assertThat(e.fields().asJava()).containsExactly("inputPerMillion", "outputPerMillion"));
        assertThat(UpsertModelPriceCommand.of(caller, "", BigDecimal.ONE, null, BigDecimal.ONE, null, null).getLeft())
                .isInstanceOfSatisfying(DomainError.InvalidField.class, e -> assertThat(e.field()).isEqualTo("model"));
        ModelPrice price = UpsertModelPriceCommand.of(caller, "m", new BigDecimal("0.075000"), null, BigDecimal.ZERO, null, null).get().price();
        assertThat(price.inputPerMillion()).isEqualByComparingTo("0.075");
    }

    @Test
    @DisplayName("a version from a later instant leaves today's price in effect; the history shows both")
    void futureVersion() {
        store.admin(admin);
        Caller caller = Caller.authenticated(admin);
        upsert.upsertModelPrice(UpsertModelPriceCommand.of(caller, "gpt-4o", new BigDecimal("2.5"), new BigDecimal("1.25"),
                new BigDecimal("10"), 16384, null).get()).block();
        Instant nextMonth = clock.instant().plusSeconds(86_400 * 30);
        assertThat(upsert.upsertModelPrice(UpsertModelPriceCommand.of(caller, "gpt-4o", new BigDecimal("2"), null,
                new BigDecimal("8"), null, nextMonth).get()).block().isRight()).isTrue();

        assertThat(list.listModelPrices(caller).block()).singleElement().satisfies(now -> {
            assertThat(now.inputPerMillion()).isEqualByComparingTo("2.5");
            assertThat(now.cachedInputPerMillion()).isEqualByComparingTo("1.25");
            assertThat(now.maxOutputTokens()).contains(16384);
            assertThat(now.effectiveFrom()).isEqualTo(clock.instant());
        });
        assertThat(list.modelPriceHistory(caller, "gpt-4o").block().get())
                .extracting(ModelPrice::effectiveFrom).containsExactly(clock.instant(), nextMonth);
        ModelPrice later = list.modelPriceHistory(caller, "gpt-4o").block().get().get(1);
        assertThat(later.cachedInputPerMillion()).as("cached input defaults to the input price").isEqualByComparingTo("2");

        clock.advance(java.time.Duration.ofDays(31));
        assertThat(list.listModelPrices(caller).block()).singleElement()
                .satisfies(now -> assertThat(now.inputPerMillion()).isEqualByComparingTo("2"));
    }

    @Test
    @DisplayName("an effective date in the past is refused on effectiveFrom, and nothing is saved")
    void pastRefused() {
        store.admin(admin);
        Caller caller = Caller.authenticated(admin);
        assertThat(upsert.upsertModelPrice(UpsertModelPriceCommand.of(caller, "gpt-4o", BigDecimal.ONE, null,
                        BigDecimal.ONE, null, clock.instant().minusMillis(1)).get()).block().getLeft())
                .isInstanceOfSatisfying(ApplicationError.Rejected.class, e -> assertThat(e.error())
                        .isInstanceOfSatisfying(DomainError.InvalidField.class, f -> assertThat(f.field()).isEqualTo("effectiveFrom")));
        assertThat(store.writes()).isZero();
        assertThat(list.modelPriceHistory(caller, "gpt-4o").block().get()).isEmpty();
    }
}
