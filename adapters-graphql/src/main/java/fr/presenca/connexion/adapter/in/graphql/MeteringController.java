package fr.presenca.connexion.adapter.in.graphql;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Set;

import fr.presenca.connexion.adapter.in.graphql.MeteringViews.UsageBucketView;
import fr.presenca.connexion.adapter.in.graphql.error.ApiException;
import fr.presenca.connexion.application.metering.UsageGrouping;
import fr.presenca.connexion.application.port.in.SummarizeUsageQuery;
import fr.presenca.connexion.application.port.in.SummarizeUsageUseCase;

import java.util.List;

import fr.presenca.connexion.adapter.in.graphql.MeteringViews.AuthorizationView;
import fr.presenca.connexion.adapter.in.graphql.MeteringViews.AuthorizeRequestInput;
import fr.presenca.connexion.adapter.in.graphql.MeteringViews.ModelPriceView;
import fr.presenca.connexion.adapter.in.graphql.MeteringViews.RecordUsageInput;
import fr.presenca.connexion.adapter.in.graphql.MeteringViews.UpsertModelPriceInput;
import fr.presenca.connexion.adapter.in.graphql.MeteringViews.UsageEventView;
import fr.presenca.connexion.application.listing.PageCursor;
import fr.presenca.connexion.application.listing.PageRequest;
import fr.presenca.connexion.application.port.in.AuthorizeRequestCommand;
import fr.presenca.connexion.application.port.in.AuthorizeRequestUseCase;
import fr.presenca.connexion.application.port.in.ListModelPricesUseCase;
import fr.presenca.connexion.application.port.in.ListUsageEventsQuery;
import fr.presenca.connexion.application.port.in.ListUsageEventsUseCase;
import fr.presenca.connexion.application.port.in.RecordUsageCommand;
import fr.presenca.connexion.application.port.in.RecordUsageUseCase;
import fr.presenca.connexion.application.port.in.UpsertModelPriceCommand;
import fr.presenca.connexion.application.port.in.UpsertModelPriceUseCase;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.metering.ReservationId;
import io.vavr.control.Option;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** Metering over GraphQL: arguments → command → use case → view; refusals become the contract's errors. */
@Controller
class MeteringController {

    private final AuthorizeRequestUseCase authorizeRequest;
    private final RecordUsageUseCase recordUsage;
    private final UpsertModelPriceUseCase upsertModelPrice;
    private final ListModelPricesUseCase listModelPrices;
    private final ListUsageEventsUseCase listUsageEvents;
    private final SummarizeUsageUseCase summarizeUsage;
    private final CallerResolver callers;
    private final MeteringViewMapper views = new MeteringViewMapperImpl();

    MeteringController(AuthorizeRequestUseCase authorizeRequest, RecordUsageUseCase recordUsage,
                       UpsertModelPriceUseCase upsertModelPrice, ListModelPricesUseCase listModelPrices,
                       ListUsageEventsUseCase listUsageEvents, SummarizeUsageUseCase summarizeUsage,
                       CallerResolver callers) {
        this.summarizeUsage = summarizeUsage;
        this.authorizeRequest = authorizeRequest;
        this.recordUsage = recordUsage;
        this.upsertModelPrice = upsertModelPrice;
        this.listModelPrices = listModelPrices;
        this.listUsageEvents = listUsageEvents;
        this.callers = callers;
    }

    @MutationMapping
    Mono<AuthorizationView> authorizeRequest(@Argument AuthorizeRequestInput input) {
        ConnexionId connexionId = new ConnexionId(Ids.parse(input.connexionId(), "connexionId"));
        return callers.currentCaller()
                .map(caller -> AuthorizeRequestCommand.of(caller, connexionId, input.model(), input.estimatedInputTokens(),
                        input.maxOutputTokens(), input.idempotencyKey()).getOrElseThrow(ApiException::rejected))
                .flatMap(authorizeRequest::authorizeRequest)
                .map(result -> views.toView(result.getOrElseThrow(ApiException::new)));
    }

    @MutationMapping
    Mono<UsageEventView> recordUsage(@Argument RecordUsageInput input) {
        ConnexionId connexionId = new ConnexionId(Ids.parse(input.connexionId(), "connexionId"));
        Option<ReservationId> reservationId = Option.of(input.reservationId())
                .map(id -> new ReservationId(Ids.parse(id, "reservationId")));
        return callers.currentCaller()
                .map(caller -> RecordUsageCommand.of(caller, connexionId, reservationId, input.model(), input.inputTokens(),
                        input.cachedInputTokens(), input.outputTokens(), input.idempotencyKey()).getOrElseThrow(ApiException::rejected))
                .flatMap(recordUsage::recordUsage)
                .map(result -> views.toView(result.getOrElseThrow(ApiException::new)));
    }

    @MutationMapping
    Mono<ModelPriceView> upsertModelPrice(@Argument UpsertModelPriceInput input) {
        return callers.currentCaller()
                .map(caller -> UpsertModelPriceCommand.of(caller, input.model(), input.inputPerMillion(),
                        input.cachedInputPerMillion(), input.outputPerMillion(), input.maxOutputTokens(),
                        Option.of(input.effectiveFrom()).map(OffsetDateTime::toInstant).getOrNull())
                        .getOrElseThrow(ApiException::rejected))
                .flatMap(upsertModelPrice::upsertModelPrice)
                .map(result -> views.toView(result.getOrElseThrow(ApiException::new)));
    }

    @QueryMapping
    Mono<List<ModelPriceView>> modelPrices() {
        return callers.currentCaller()
                .flatMap(listModelPrices::listModelPrices)
                .map(prices -> prices.stream().map(views::toView).toList());
    }

    @QueryMapping
    Mono<List<ModelPriceView>> modelPriceHistory(@Argument String model) {
        return callers.currentCaller()
                .flatMap(caller -> listModelPrices.modelPriceHistory(caller, model))
                .map(result -> result.getOrElseThrow(ApiException::new).stream().map(views::toView).toList());
    }

    @QueryMapping
    Mono<List<UsageBucketView>> usageSummary(@Argument String connexionId, @Argument LocalDate from,
                                             @Argument LocalDate to, @Argument List<UsageGrouping> groupBy) {
        Option<ConnexionId> connexion = Option.of(connexionId).map(id -> new ConnexionId(Ids.parse(id, "connexionId")));
        return callers.currentCaller()
                .map(caller -> SummarizeUsageQuery.of(caller, connexion, from, to,
                                groupBy == null ? Set.of() : Set.copyOf(groupBy))
                        .getOrElseThrow(ApiException::rejected))
                .flatMap(summarizeUsage::summarizeUsage)
                .map(buckets -> buckets.stream().map(views::toView).toList());
    }

    @QueryMapping
    Mono<RelayConnection<UsageEventView>> usageEvents(@Argument String connexionId, @Argument Integer first,
                                                      @Argument String after) {
        ConnexionId id = new ConnexionId(Ids.parse(connexionId, "connexionId"));
        PageRequest page = RelayConnection.pageRequest(first, after);
        return callers.currentCaller()
                .flatMap(caller -> listUsageEvents.listUsageEvents(new ListUsageEventsQuery(caller, id, page)))
                .map(result -> RelayConnection.of(result, event -> new PageCursor(event.createdAt(), event.id().value()),
                        views::toView));
    }
}
