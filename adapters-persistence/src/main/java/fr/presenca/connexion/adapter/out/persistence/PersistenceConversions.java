package fr.presenca.connexion.adapter.out.persistence;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.connexion.ConnexionStatus;
import fr.presenca.connexion.domain.connexion.UserId;
import fr.presenca.connexion.domain.cost.Usd;
import io.vavr.control.Option;

/**
 * The column ↔ value conversions that the row mappers share ({@code @Mapper(uses = PersistenceConversions.class)}):
 * timestamps stored in UTC, nullable columns as {@code Option}s, ids as UUIDs, amounts as numerics, status codes.
 */
class PersistenceConversions {

    // ---------------------------------------------------------------- ids

    UUID uuid(ConnexionId id) {
        return id.value();
    }

    ConnexionId connexionId(UUID id) {
        return new ConnexionId(id);
    }

    UUID uuid(Option<UserId> id) {
        return id.map(UserId::value).getOrNull();
    }

    Option<UserId> userId(UUID id) {
        return Option.of(id).map(UserId::new);
    }

    // ---------------------------------------------------------------- time

    OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    OffsetDateTime timestamp(Option<Instant> instant) {
        return instant.map(this::timestamp).getOrNull();
    }

    Instant instant(OffsetDateTime time) {
        return time.toInstant();
    }

    Option<Instant> optionalInstant(OffsetDateTime time) {
        return Option.of(time).map(OffsetDateTime::toInstant);
    }

    // ---------------------------------------------------------------- money

    BigDecimal amount(Usd amount) {
        return amount.amount();
    }

    BigDecimal amount(Option<Usd> amount) {
        return amount.map(Usd::amount).getOrNull();
    }

    Usd usd(BigDecimal amount) {
        return new Usd(amount);
    }

    Option<Usd> optionalUsd(BigDecimal amount) {
        return Option.of(amount).map(Usd::new);
    }

    // ---------------------------------------------------------------- nullable columns

    String text(Option<String> text) {
        return text.getOrNull();
    }

    Option<String> text(String text) {
        return Option.of(text);
    }

    Integer count(Option<Integer> count) {
        return count.getOrNull();
    }

    Option<Integer> optionalCount(Integer count) {
        return Option.of(count);
    }

    // ---------------------------------------------------------------- codes

    String code(ConnexionStatus status) {
        return status.code();
    }
}
