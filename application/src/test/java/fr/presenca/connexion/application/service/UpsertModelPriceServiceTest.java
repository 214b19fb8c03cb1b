package fr.presenca.connexion.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.fake.InMemoryMetering;
import fr.presenca.connexion.application.fake.MutableClock;
import fr.presenca.connexion.application.metering.MeteringError;
import fr.presenca.connexion.application.port.in.UpsertModelPriceCommand;
import fr.presenca.connexion.domain.DomainError;
import fr.presenca.connexion.domain.cost.ModelPrice;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

@DisplayName("Setting and listing model prices")
class UpsertModelPriceServiceTest {

    final InMemoryMetering store = new InMemoryMetering();
    final UpsertModelPriceService upsert = new UpsertModelPriceService(store, new MutableClock(Instant.EPOCH));
    final ListModelPricesService list = new ListModelPricesService(store);
    final UUID admin = UUID.randomUUID();

    @Test
    @DisplayName("an admin sets a price, which the listing then shows, ordered by model")
    void adminSets() {
        store.admin(admin);
        Caller caller = Caller.authenticated(admin);
        StepVerifier.create(upsert.upsertModelPrice(UpsertModelPriceCommand.of(caller, "gpt-4o", new BigDecimal("2.5"),
                        new BigDecimal("10")).get()))
                .assertNext(result -> assertThat(result.get().inputPerMillion()).isEqualByComparingTo("2.5"))
                .verifyComplete();
        upsert.upsertModelPrice(UpsertModelPriceCommand.of(caller, "gpt-4.1", BigDecimal.ONE, BigDecimal.TEN).get()).block();
        StepVerifier.create(list.listModelPrices(caller))
                .assertNext(prices -> assertThat(prices).extracting(p -> p.model().value()).containsExactly("gpt-4.1", "gpt-4o"))
                .verifyComplete();
    }

    @Test
    @DisplayName("anyone else is refused")
    void othersRefused() {
        StepVerifier.create(upsert.upsertModelPrice(UpsertModelPriceCommand.of(Caller.authenticated(UUID.randomUUID()),
                        "gpt-4o", BigDecimal.ONE, BigDecimal.ONE).get()))
                .assertNext(result -> assertThat(result.getLeft()).isInstanceOf(MeteringError.Forbidden.class))
                .verifyComplete();
    }

    @Test
    @DisplayName("prices are >= 0 with at most 6 decimal places, and the model is named")
    void validation() {
        Caller caller = Caller.authenticated(admin);
        assertThat(UpsertModelPriceCommand.of(caller, "gpt-4o", new BigDecimal("0.0000001"), new BigDecimal("-1")).getLeft())
                .isInstanceOfSatisfying(DomainError.InvalidFields.class,
                        e -> assertThat(e.fields().asJava()).containsExactly("inputPerMillion", "outputPerMillion"));
        assertThat(UpsertModelPriceCommand.of(caller, "", BigDecimal.ONE, BigDecimal.ONE).getLeft())
                .isInstanceOfSatisfying(DomainError.InvalidField.class, e -> assertThat(e.field()).isEqualTo("model"));
        ModelPrice price = UpsertModelPriceCommand.of(caller, "m", new BigDecimal("0.075000"), BigDecimal.ZERO).get().price();
        assertThat(price.inputPerMillion()).isEqualByComparingTo("0.075");
    }
}
