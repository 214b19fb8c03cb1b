package fr.presenca.connexion.adapter.out.persistence;

import java.time.ZoneOffset;
import java.util.UUID;

import fr.presenca.connexion.application.metering.Authorization;
import fr.presenca.connexion.domain.connexion.ModelName;
import fr.presenca.connexion.domain.cost.ModelPrice;
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
@Mapper(config = PersistenceMapperConfig.class, uses = PersistenceConversions.class)
abstract class MeteringRowMapper {

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

    String code(ReservationState state) {
        return state.code();
    }

    ReservationState state(String code) {
        return ReservationState.fromCode(code).getOrElseThrow(() -> new CorruptRowException("unknown reservation state " + code));
    }

    String name(Option<DenialReason> reason) {
        return reason.map(DenialReason::name).getOrNull();
    }

    Option<DenialReason> reason(String name) {
        return Option.of(name).map(DenialReason::valueOf);
    }
}
