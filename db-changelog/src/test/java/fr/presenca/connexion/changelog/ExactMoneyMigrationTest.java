package fr.presenca.connexion.changelog;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database of the release before exact money (changesets up to 0025: every amount numeric(10,4), one price per
 * model), with metering rows, brought to the current changelog: nothing is lost, amounts keep their values, prices
 * become versions, the ledger gets its days and daily aggregates.
 */
@DisplayName("Exact money on a database of the previous release")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExactMoneyMigrationTest {

    private TestDatabase db;
    private String connexion;
    private List<List<String>> eventsBefore;

    @BeforeAll
    void previousReleaseThenCurrent() throws Exception {
        db = TestDatabase.create("exactmoney");
        List<String> pending = db.pendingChangeSets();
        db.migrate(pending.indexOf("0026-exact-metering-amounts"));
        assertThat(db.pendingChangeSets()).contains("0026-exact-metering-amounts")
                .doesNotContain("0025-openai-held-cost-from-total");

        String organisation = db.single("insert into organisations(name) values ('Old') returning organisation_id");
        connexion = db.single("insert into openai_connexion(organisation_id, client_id, openai_cout_actuel_mois,"
                + " openai_reset_cout_at) values (?::uuid, gen_random_uuid(), 0.0123, '2027-01-01 00:00+01')"
                + " returning openai_connexion_id", organisation);
        db.execute("insert into openai_reservation(openai_connexion_id, model, held_cost, expires_at)"
                + " values (?::uuid, 'gpt-4o', 0.0005, now() + interval '10 minutes')", connexion);
        for (int i = 0; i < 3; i++) {
            db.execute("insert into openai_usage_event(openai_connexion_id, model, input_tokens, output_tokens, cost,"
                    + " idempotency_key, created_at) values (?::uuid, 'gpt-4o-mini', 1000, 1000, 0.0008, ?,"
                    + " '2026-11-30 23:30:00+00')", connexion, "old-" + i);
        }
        // An admin's own price for gpt-4: kept as it is.
        db.execute("update openai_model_price set input_per_million = 25 where model = 'gpt-4'");
        eventsBefore = db.rows("select usage_event_id::text, cost::text, input_tokens::text, output_tokens::text"
                + " from openai_usage_event order by usage_event_id");

        db.migrate();
    }

    @Test
    @DisplayName("amounts keep their values, events their tokens, and nothing is pending")
    void nothingLost() throws Exception {
        assertThat(db.pendingChangeSets()).containsExactlyElementsOf(TestDatabase.RUN_ALWAYS);
        assertThat(db.rows("select usage_event_id::text, cost::text, input_tokens::text, output_tokens::text"
                + " from openai_usage_event where idempotency_key like 'old-%' order by usage_event_id"))
                .containsExactlyElementsOf(eventsBefore);
        assertThat(db.column("select cached_input_tokens::text from openai_usage_event where idempotency_key like 'old-%'"))
                .containsOnly("0");
        assertThat(db.single("select held_cost::text from openai_reservation")).isEqualTo("0.0005");
        assertThat(db.single("select held::text from openai_held_total")).isEqualTo("0.0005");
        assertThat(db.single("select openai_cout_actuel_mois::text from openai_connexion")).isEqualTo("0.0123");
        // No exact total yet: the seed's column is the month's cost until the service records the next usage.
        assertThat(db.single("select count(*)::text from openai_month_cost")).isEqualTo("0");
    }

    @Test
    @DisplayName("the events get their day in Europe/Paris and their daily aggregate")
    void daysAndAggregates() throws Exception {
        // 23:30 UTC on November 30 is 00:30 on December 1 in Paris.
        assertThat(db.column("select distinct usage_day::text from openai_usage_event where idempotency_key like 'old-%'"))
                .containsExactly("2026-12-01");
        assertThat(db.rows("select usage_day::text, model, requests::text, input_tokens::text, output_tokens::text, cost::text"
                + " from openai_usage_daily where openai_connexion_id = ?::uuid and model = 'gpt-4o-mini'", connexion))
                .containsExactly(List.of("2026-12-01", "gpt-4o-mini", "3", "3000", "3000", "0.0024"));
    }

    @Test
    @DisplayName("prices become versions in effect since 1970; list prices get their cached price and output cap, an admin's are kept")
    void pricesBecomeVersions() throws Exception {
        assertThat(db.rows("select model, input_per_million::text, cached_input_per_million::text, output_per_million::text,"
                + " coalesce(max_output_tokens::text, 'NULL'), effective_from = '1970-01-01Z' from openai_model_price"
                + " where model in ('gpt-4o-mini', 'gpt-4', 'gpt-5') order by model"))
                .containsExactly(
                        List.of("gpt-4", "25.000000", "25.000000", "60.000000", "NULL", "t"),
                        List.of("gpt-4o-mini", "0.150000", "0.075000", "0.600000", "16384", "t"),
                        List.of("gpt-5", "1.250000", "0.125000", "10.000000", "128000", "t"));
    }

    @Test
    @DisplayName("a new event after the migration is added to its day's aggregate exactly")
    void newEventsAggregate() throws Exception {
        db.execute("insert into openai_usage_event(openai_connexion_id, model, input_tokens, cached_input_tokens,"
                + " output_tokens, cost, idempotency_key, created_at, usage_day) values (?::uuid, 'gpt-4.1-nano', 100, 40, 10,"
                + " 0.000015, 'new-1', '2026-12-01 08:00:00+00', '2026-12-01')", connexion);
        db.execute("insert into openai_usage_event(openai_connexion_id, model, input_tokens, output_tokens, cost,"
                + " idempotency_key, created_at) values (?::uuid, 'gpt-4.1-nano', 100, 10, 0.000014, 'new-2',"
                + " '2026-12-01 09:00:00+00')", connexion);
        assertThat(db.single("select cost::text || '/' || requests || '/' || cached_input_tokens from openai_usage_daily"
                + " where openai_connexion_id = ?::uuid and model = 'gpt-4.1-nano'", connexion)).isEqualTo("0.000029/2/40");
    }
}
