package fr.presenca.connexion.adapter.out.persistence;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import fr.presenca.connexion.application.metering.Authorization;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.connexion.ConnexionState;
import fr.presenca.connexion.domain.connexion.ConnexionStatus;
import fr.presenca.connexion.domain.connexion.ModelName;
import fr.presenca.connexion.domain.connexion.UserId;
import fr.presenca.connexion.domain.cost.ModelPrice;
import fr.presenca.connexion.domain.cost.Usd;
import fr.presenca.connexion.domain.metering.IdempotencyKey;
import fr.presenca.connexion.domain.metering.Reservation;
import fr.presenca.connexion.domain.metering.ReservationId;
import fr.presenca.connexion.domain.metering.ReservationState;
import fr.presenca.connexion.domain.metering.UsageEvent;
import fr.presenca.connexion.domain.metering.UsageEventId;
import fr.presenca.connexion.domain.policy.DenialReason;
import io.vavr.control.Option;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

/** Metering rows ↔ domain and application values. Stored codes that the domain does not know are corrupt rows. */
@Mapper(config = PersistenceMapperConfig.class)
abstract class MeteringRowMapper {

    @Mapping(target = "openaiConnexionId", source = "id")
    @Mapping(target = "openaiUsageQuotidien", source = "dailyQuota.usage")
    @Mapping(target = "openaiResetQuotaAt", source = "dailyQuota.resetAt")
    @Mapping(target = "openaiCoutActuelMois", source = "monthlyBudget.spent", qualifiedByName = "rounded")
    @Mapping(target = "openaiResetCoutAt", source = "monthlyBudget.resetAt")
    @Mapping(target = "openaiStatutConnexion", source = "status")
    abstract CountersRow toCounters(ConnexionState state);

    @Mapping(target = "id", source = "reservationId")
    @Mapping(target = "connexionId", source = "openaiConnexionId")
    @Mapping(target = "held", source = "heldCost")
    abstract Reservation toReservation(ReservationRow row);

    @Mapping(target = "reservationId", source = "id")
    @Mapping(target = "openaiConnexionId", source = "connexionId")
    @Mapping(target = "heldCost", source = "held")
    abstract ReservationRow toRow(Reservation reservation);

    @Mapping(target = "reason", source = "denialReason")
    abstract Authorization toAuthorization(AuthorizationRow row);

    @Mapping(target = "denialReason", source = "reason")
    abstract AuthorizationRow toRow(Authorization authorization);

    @Mapping(target = "id", source = "usageEventId")
    @Mapping(target = "connexionId", source = "openaiConnexionId")
    abstract UsageEvent toUsageEvent(UsageEventRow row);

    @Mapping(target = "usageEventId", source = "id")
    @Mapping(target = "openaiConnexionId", source = "connexionId")
    abstract UsageEventRow toRow(UsageEvent event);

    ModelPrice toModelPrice(ModelPriceRow row) {
        return new ModelPrice(model(row.model()), row.inputPerMillion(), row.cachedInputPerMillion(),
                row.outputPerMillion(), Option.of(row.maxOutputTokens()), row.effectiveFrom().toInstant());
    }

    ModelPriceRow toRow(ModelPrice price) {
        return new ModelPriceRow(price.model().value(), price.inputPerMillion(), price.cachedInputPerMillion(),
                price.outputPerMillion(), price.maxOutputTokens().getOrNull(),
                price.effectiveFrom().atOffset(java.time.ZoneOffset.UTC));
    }

    // ---------------------------------------------------------------- values

    UUID uuid(ConnexionId id) {
        return id.value();
    }

    ConnexionId connexionId(UUID id) {
        return new ConnexionId(id);
    }

    UUID uuid(ReservationId id) {
        return id.value();
    }

    ReservationId reservationId(UUID id) {
        return new ReservationId(id);
    }

    UUID uuid(Option<ReservationId> id) {
        return id.map(ReservationId::value).getOrNull();
    }

    Option<ReservationId> optionalReservationId(UUID id) {
        return Option.of(id).map(ReservationId::new);
    }

    UUID uuid(UsageEventId id) {
        return id.value();
    }

    UsageEventId usageEventId(UUID id) {
        return new UsageEventId(id);
    }

    UUID userUuid(Option<UserId> id) {
        return id.map(UserId::value).getOrNull();
    }

    Option<UserId> userId(UUID id) {
        return Option.of(id).map(UserId::new);
    }

    String name(ModelName model) {
        return model.value();
    }

    ModelName model(String name) {
        return ModelName.of(name).getOrElseThrow(error -> new CorruptRowException("stored model name: " + error.message()));
    }

    String key(IdempotencyKey key) {
        return key.value();
    }

    IdempotencyKey idempotencyKey(String key) {
        return IdempotencyKey.of(key).getOrElseThrow(error -> new CorruptRowException("stored idempotency key: " + error.message()));
    }

    /** The seed's numeric(10,4) month cost: the exact total rounded half-up. */
    @org.mapstruct.Named("rounded")
    BigDecimal rounded(Usd amount) {
        return amount.rounded().amount();
    }

    BigDecimal amount(Usd usd) {
        return usd.amount();
    }

    BigDecimal amount(Option<Usd> usd) {
        return usd.map(Usd::amount).getOrNull();
    }

    Usd usd(BigDecimal amount) {
        return new Usd(amount);
    }

    Option<Usd> optionalUsd(BigDecimal amount) {
        return Option.of(amount).map(Usd::new);
    }

    Integer count(Option<Integer> count) {
        return count.getOrNull();
    }

    Option<Integer> optionalCount(Integer count) {
        return Option.of(count);
    }

    OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    OffsetDateTime time(Option<Instant> instant) {
        return instant.map(i -> i.atOffset(ZoneOffset.UTC)).getOrNull();
    }

    Instant instant(OffsetDateTime time) {
        return time.toInstant();
    }

    Option<Instant> optionalInstant(OffsetDateTime time) {
        return Option.of(time).map(OffsetDateTime::toInstant);
    }

    String code(ConnexionStatus status) {
        return status.code();
    }

    String code(ReservationState state) {
        return state.code();
    }

    ReservationState state(String code) {
        return ReservationState.fromCode(code).getOrElseThrow(() -> new CorruptRowException("unknown reservation state " + code));
    }

    String text(Option<String> text) {
        return text.getOrNull();
    }

    Option<String> text(String text) {
        return Option.of(text);
    }

    String name(Option<DenialReason> reason) {
        return reason.map(DenialReason::name).getOrNull();
    }

    Option<DenialReason> reason(String name) {
        return Option.of(name).map(DenialReason::valueOf);
    }
}
