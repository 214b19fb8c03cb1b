package fr.presenca.connexion.adapter.out.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.error.ApplicationError;
import fr.presenca.connexion.application.port.out.LoadModelPricesPort;
import fr.presenca.connexion.application.port.out.SaveModelPricePort;
import fr.presenca.connexion.domain.connexion.ModelName;
import fr.presenca.connexion.domain.cost.ModelPrice;
import io.vavr.control.Either;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The price catalogue on PostgreSQL through R2DBC, under the caller's row-level security: versioned prices, each
 * version in effect from its date on and never changed once in effect (only PRESENCA administrators may write).
 */
public final class R2dbcModelPriceAdapter implements SaveModelPricePort, LoadModelPricesPort {

    private static final String LOAD_PRICES = "select distinct on (model) " + ModelPriceRow.COLUMNS
            + " from public.openai_model_price where effective_from <= $1 order by model, effective_from desc";

    private static final String LOAD_PRICE_HISTORY = "select " + ModelPriceRow.COLUMNS
            + " from public.openai_model_price where model = $1 order by effective_from";

    /** A new version; one with the same effective date is replaced only while it is not yet in effect. */
    private static final String UPSERT_PRICE = """
            insert into public.openai_model_price (model, input_per_million, cached_input_per_million, output_per_million,
                                                   max_output_tokens, effective_from, updated_at, updated_by)
            values ($1, $2, $3, $4, $5, $6, $7, $8)
            on conflict (model, effective_from) do update
               set input_per_million = excluded.input_per_million,
                   cached_input_per_million = excluded.cached_input_per_million,
                   output_per_million = excluded.output_per_million, max_output_tokens = excluded.max_output_tokens,
                   updated_at = excluded.updated_at, updated_by = excluded.updated_by
             where openai_model_price.effective_from > $7
            returning\s""" + ModelPriceRow.COLUMNS;

    private final CallerTransactions transactions;
    private final MeteringRowMapper rows = new MeteringRowMapperImpl();

    public R2dbcModelPriceAdapter(DatabaseClient database, TransactionalOperator transactionalOperator) {
        this.transactions = new CallerTransactions(database, transactionalOperator);
    }

    @Override
    public Mono<Either<ApplicationError, ModelPrice>> saveModelPrice(Caller caller, ModelPrice price, Instant at) {
        ModelPriceRow row = rows.toRow(price);
        return transactions.run(caller, db -> {
                    DatabaseClient.GenericExecuteSpec upsert = db.sql(UPSERT_PRICE)
                            .bind(0, row.model())
                            .bind(1, row.inputPerMillion())
                            .bind(2, row.cachedInputPerMillion())
                            .bind(3, row.outputPerMillion());
                    upsert = row.maxOutputTokens() == null ? upsert.bindNull(4, Integer.class)
                            : upsert.bind(4, row.maxOutputTokens());
                    return upsert.bind(5, row.effectiveFrom())
                            .bind(6, utc(at))
                            .bind(7, caller.subject())
                            .map(r -> ModelPriceRow.read(r)).one();
                })
                .map(saved -> Either.<ApplicationError, ModelPrice>right(rows.toModelPrice(saved)))
                .defaultIfEmpty(Either.left(new ApplicationError.Conflict("a price of " + price.model()
                        + " effective from " + price.effectiveFrom() + " is already in effect: prices in effect never change")))
                .onErrorResume(DatabaseErrors.forbiddenByRowSecurity("only PRESENCA administrators may set prices"));
    }

    @Override
    public Mono<List<ModelPrice>> loadModelPrices(Caller caller, Instant at) {
        return transactions.run(caller, db -> db.sql(LOAD_PRICES).bind(0, utc(at))
                        .map(r -> ModelPriceRow.read(r)).all().collectList())
                .map(list -> list.stream().map(rows::toModelPrice).toList());
    }

    @Override
    public Mono<List<ModelPrice>> loadModelPriceHistory(Caller caller, ModelName model) {
        return transactions.run(caller, db -> db.sql(LOAD_PRICE_HISTORY).bind(0, model.value())
                        .map(r -> ModelPriceRow.read(r)).all().collectList())
                .map(list -> list.stream().map(rows::toModelPrice).toList());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
