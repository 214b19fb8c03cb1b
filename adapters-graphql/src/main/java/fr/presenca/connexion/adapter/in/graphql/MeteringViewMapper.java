package fr.presenca.connexion.adapter.in.graphql;

import java.math.BigDecimal;

import fr.presenca.connexion.adapter.in.graphql.MeteringViews.AuthorizationView;
import fr.presenca.connexion.adapter.in.graphql.MeteringViews.ModelPriceView;
import fr.presenca.connexion.adapter.in.graphql.MeteringViews.UsageBucketView;
import fr.presenca.connexion.adapter.in.graphql.MeteringViews.UsageEventView;
import fr.presenca.connexion.application.metering.UsageBucket;
import fr.presenca.connexion.application.metering.Authorization;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.connexion.ModelName;
import fr.presenca.connexion.domain.cost.ModelPrice;
import fr.presenca.connexion.domain.metering.IdempotencyKey;
import fr.presenca.connexion.domain.metering.ReservationId;
import fr.presenca.connexion.domain.metering.UsageEvent;
import fr.presenca.connexion.domain.metering.UsageEventId;
import fr.presenca.connexion.domain.policy.DenialReason;
import io.vavr.control.Option;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

/** Metering values → GraphQL views. */
@Mapper(config = GraphQlMapperConfig.class, uses = GraphQlConversions.class)
abstract class MeteringViewMapper {

    @Mapping(target = "remainingBudget", source = "remainingBudget", qualifiedByName = "rounded")
    abstract AuthorizationView toView(Authorization authorization);

    abstract UsageEventView toView(UsageEvent event);

    abstract ModelPriceView toView(ModelPrice price);

    abstract UsageBucketView toView(UsageBucket bucket);

    java.time.LocalDate day(Option<java.time.LocalDate> day) {
        return day.getOrNull();
    }

    String model(Option<ModelName> model) {
        return model.map(ModelName::value).getOrNull();
    }

    String connexion(Option<ConnexionId> id) {
        return id.map(c -> c.value().toString()).getOrNull();
    }

    String id(UsageEventId id) {
        return id.value().toString();
    }

    String id(Option<ReservationId> id) {
        return id.map(r -> r.value().toString()).getOrNull();
    }

    String name(ModelName model) {
        return model.value();
    }

    String key(IdempotencyKey key) {
        return key.value();
    }

    DenialReason reason(Option<DenialReason> reason) {
        return reason.getOrNull();
    }

    Integer count(Option<Integer> count) {
        return count.getOrNull();
    }

    /** Prices keep their significant places (at least 4 once the Decimal scalar formats them): 0.15 → "0.1500", 0.075 → "0.0750". */
    BigDecimal price(BigDecimal perMillion) {
        BigDecimal stripped = perMillion.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
