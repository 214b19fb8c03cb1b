package fr.presenca.connexion.adapter.in.graphql;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.connexion.UserId;
import fr.presenca.connexion.domain.cost.Usd;
import io.vavr.control.Option;
import org.mapstruct.Named;

/**
 * The value → view conversions that the view mappers share ({@code @Mapper(uses = GraphQlConversions.class)}):
 * IDs as UUID strings, instants as UTC {@code DateTime}s, amounts as {@code Decimal}s, absent values as null.
 */
class GraphQlConversions {

    // ---------------------------------------------------------------- ids

    String id(ConnexionId id) {
        return id.value().toString();
    }

    String id(Option<UserId> id) {
        return id.map(UserId::value).map(UUID::toString).getOrNull();
    }

    // ---------------------------------------------------------------- time

    OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    OffsetDateTime time(Option<Instant> instant) {
        return instant.map(this::time).getOrNull();
    }

    // ---------------------------------------------------------------- money

    BigDecimal amount(Usd amount) {
        return amount == null ? null : amount.amount();
    }

    BigDecimal amount(Option<Usd> amount) {
        return amount.map(Usd::amount).getOrNull();
    }

    /** The month's cost as the seed's column holds it: the exact total rounded half-up to 4 places. */
    @Named("rounded")
    BigDecimal rounded(Usd amount) {
        return amount.rounded().amount();
    }

    /** What is shown of an exact amount left: rounded half-up to 4 places. */
    @Named("rounded")
    BigDecimal rounded(Option<Usd> amount) {
        return amount.map(usd -> usd.rounded().amount()).getOrNull();
    }

    // ---------------------------------------------------------------- absent values

    String text(Option<String> text) {
        return text.getOrNull();
    }
}
