package fr.presenca.connexion.adapter.out.persistence;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import fr.presenca.connexion.application.caller.Caller;
import fr.presenca.connexion.application.listing.Page;
import fr.presenca.connexion.application.listing.PageRequest;
import fr.presenca.connexion.application.metering.UsageBucket;
import fr.presenca.connexion.application.metering.UsageGrouping;
import fr.presenca.connexion.application.port.out.ListUsageEventsPort;
import fr.presenca.connexion.application.port.out.SummarizeUsagePort;
import fr.presenca.connexion.domain.connexion.ConnexionId;
import fr.presenca.connexion.domain.cost.Usd;
import fr.presenca.connexion.domain.metering.UsageEvent;
import io.vavr.control.Option;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The usage ledger's read side on PostgreSQL through R2DBC, under the caller's row-level security: the events of a
 * connexion, keyset-paged, and their sums by day, model and connexion (from {@code openai_usage_daily}).
 */
public final class R2dbcUsageLedgerAdapter implements SummarizeUsagePort, ListUsageEventsPort {

    private final CallerTransactions transactions;
    private final MeteringRowMapper rows = new MeteringRowMapperImpl();

    public R2dbcUsageLedgerAdapter(DatabaseClient database, TransactionalOperator transactionalOperator) {
        this.transactions = new CallerTransactions(database, transactionalOperator);
    }

    @Override
    public Mono<List<UsageBucket>> summarizeUsage(Caller caller, Option<ConnexionId> connexionId, LocalDate from,
                                                  LocalDate to, Set<UsageGrouping> groupBy) {
        List<String> keys = new ArrayList<>();
        if (groupBy.contains(UsageGrouping.DAY)) {
            keys.add("usage_day");
        }
        if (groupBy.contains(UsageGrouping.MODEL)) {
            keys.add("model");
        }
        if (groupBy.contains(UsageGrouping.CONNEXION)) {
            keys.add("openai_connexion_id");
        }
        StringBuilder sql = new StringBuilder("select ");
        for (String key : keys) {
            sql.append(key).append(", ");
        }
        sql.append("coalesce(sum(requests), 0) as requests, coalesce(sum(input_tokens), 0) as input_tokens,"
                + " coalesce(sum(cached_input_tokens), 0) as cached_input_tokens,"
                + " coalesce(sum(output_tokens), 0) as output_tokens, coalesce(sum(cost), 0) as cost"
                + " from public.openai_usage_daily where usage_day between $1 and $2");
        connexionId.forEach(id -> sql.append(" and openai_connexion_id = $3"));
        if (!keys.isEmpty()) {
            String list = String.join(", ", keys);
            sql.append(" group by ").append(list).append(" order by ").append(list);
        }
        return transactions.run(caller, db -> {
            DatabaseClient.GenericExecuteSpec spec = db.sql(sql.toString()).bind(0, from).bind(1, to);
            if (connexionId.isDefined()) {
                spec = spec.bind(2, connexionId.get().value());
            }
            return spec.map(row -> new UsageBucket(
                    groupBy.contains(UsageGrouping.DAY) ? Option.some(row.get("usage_day", LocalDate.class)) : Option.none(),
                    groupBy.contains(UsageGrouping.MODEL) ? Option.some(rows.model(row.get("model", String.class))) : Option.none(),
                    groupBy.contains(UsageGrouping.CONNEXION)
                            ? Option.some(new ConnexionId(row.get("openai_connexion_id", UUID.class))) : Option.none(),
                    row.get("requests", Long.class), row.get("input_tokens", Long.class),
                    row.get("cached_input_tokens", Long.class), row.get("output_tokens", Long.class),
                    new Usd(row.get("cost", BigDecimal.class)))).all().collectList();
        });
    }

    @Override
    public Mono<Page<UsageEvent>> listUsageEvents(Caller caller, ConnexionId connexionId, PageRequest page) {
        List<Object> values = new ArrayList<>(List.of(connexionId.value()));
        StringBuilder sql = new StringBuilder("select " + UsageEventRow.COLUMNS
                + " from public.openai_usage_event where openai_connexion_id = $1");
        page.after().forEach(cursor -> {
            values.add(utc(cursor.createdAt()));
            values.add(cursor.id());
            sql.append(" and (created_at, usage_event_id) > ($2, $3)");
        });
        sql.append(" order by created_at, usage_event_id limit ").append(page.size() + 1);
        return transactions.run(caller, db -> {
                    DatabaseClient.GenericExecuteSpec spec = db.sql(sql.toString());
                    for (int i = 0; i < values.size(); i++) {
                        spec = spec.bind(i, values.get(i));
                    }
                    return spec.map(row -> UsageEventRow.read(row, "")).all().collectList();
                })
                .map(found -> new Page<>(found.stream().limit(page.size()).map(rows::toUsageEvent).toList(),
                        found.size() > page.size()));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
