package fr.presenca.connexion.bootstrap;

import static fr.presenca.connexion.bootstrap.MeteringClient.input;
import static fr.presenca.connexion.bootstrap.MeteringClient.onlyError;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Metering over GraphQL on the booted service and its embedded PostgreSQL: behaviour, errors, time. */
@DisplayName("Metering over GraphQL")
class MeteringTest extends IntegrationTest {

    private Fixtures fixtures;
    private MeteringClient api;
    private UUID organisation;
    private String member;
    private String admin;
    private UUID connexion;

    @BeforeEach
    void setUp() {
        fixtures = new Fixtures(database);
        api = new MeteringClient(port);
        organisation = fixtures.organisation("Agence Metering " + UUID.randomUUID());
        member = tokens.authenticated(fixtures.user(organisation, false));
        admin = tokens.authenticated(fixtures.user(null, true));
        connexion = connexion("openai_limite_quotidienne = 5, openai_limite_cout_mois = 0.0100");
    }

    @AfterEach
    void realTime() {
        clock.reset();
    }

    private UUID connexion(String assignments) {
        UUID id = fixtures.connexion(organisation, "reseau");
        fixtures.update(id, "openai_modeles_autorises = '{gpt-4o-mini,gpt-4o,gpt-unpriced}', " + assignments);
        return id;
    }

    private Map<String, Object> authorize(UUID id, String model, Integer input, Integer output, String key) {
        return api.authorize(member, input("connexionId", id.toString(), "model", model, "estimatedInputTokens", input,
                "maxOutputTokens", output, "idempotencyKey", key)).block();
    }

    private Map<String, Object> record(UUID id, Object reservationId, String model, int input, int output, String key) {
        return api.record(member, input("connexionId", id.toString(), "reservationId", reservationId, "model", model,
                "inputTokens", input, "outputTokens", output, "idempotencyKey", key)).block();
    }

    private Map<String, Object> recordResponse(UUID id, Object reservationId, String model, String key) {
        return api.call(member, MeteringClient.RECORD, Map.of("input", input("connexionId", id.toString(),
                "reservationId", reservationId, "model", model, "inputTokens", 10, "outputTokens", 10,
                "idempotencyKey", key))).block();
    }

    private Map<String, Object> counters(UUID id) {
        return database.sql("select openai_usage_quotidien as usage, openai_cout_actuel_mois::text as cost,"
                        + " openai_statut_connexion as status, openai_reset_quota_at as quota_reset,"
                        + " (select count(*) from openai_reservation r where r.openai_connexion_id = c.openai_connexion_id) as reservations,"
                        + " (select count(*) from openai_usage_event e where e.openai_connexion_id = c.openai_connexion_id) as events,"
                        + " (select count(*) from openai_authorization a where a.openai_connexion_id = c.openai_connexion_id) as answers"
                        + " from openai_connexion c where openai_connexion_id = $1")
                .bind(0, id).fetch().one().block();
    }

    private String reservationState(Object reservationId) {
        return database.sql("select state from openai_reservation where reservation_id = $1")
                .bind(0, UUID.fromString((String) reservationId)).map(row -> row.get(0, String.class)).one().block();
    }

    @Nested
    @DisplayName("authorizeRequest")
    class Authorize {

        @Test
        @DisplayName("admits: one request counted, price × (input + max output) held until the TTL, reservation returned")
        void admits() {
            Instant now = Instant.parse("2026-03-10T11:00:00Z");
            clock.set(now);
            Map<String, Object> answer = authorize(connexion, "gpt-4o-mini", 1000, 500, "a1");

            assertThat(answer).containsEntry("allowed", true).containsEntry("reason", null)
                    .containsEntry("remainingRequests", 4)
                    // 1000 × 0.15/1M + 500 × 0.60/1M = 0.00045 held exactly: 0.00955 left, shown rounded half-up
                    .containsEntry("remainingBudget", "0.0096")
                    .containsEntry("expiresAt", "2026-03-10T11:10:00.000Z");
            assertThat(reservationState(answer.get("reservationId"))).isEqualTo("held");
            assertThat(counters(connexion)).containsEntry("usage", 1).containsEntry("status", "active")
                    .containsEntry("reservations", 1L).containsEntry("answers", 1L);
        }

        @Test
        @DisplayName("denies as a normal answer and writes nothing but the answer")
        void deniesWithoutWriting() {
            Map<String, Object> answer = authorize(connexion, "gpt-4", 10, 10, "d1");

            assertThat(answer).containsEntry("allowed", false).containsEntry("reason", "MODEL_NOT_ALLOWED")
                    .containsEntry("reservationId", null).containsEntry("expiresAt", null)
                    .containsEntry("remainingRequests", 5).containsEntry("remainingBudget", "0.0100");
            assertThat(counters(connexion)).containsEntry("usage", 0).containsEntry("reservations", 0L)
                    .containsEntry("answers", 1L);
        }

        @Test
        @DisplayName("denies a model without a price when the connexion has a budget, and allows it without one")
        void unpricedModel() {
            assertThat(authorize(connexion, "gpt-unpriced", 10, 10, "p1")).containsEntry("reason", "MODEL_NOT_PRICED");
            UUID unlimited = connexion("openai_limite_cout_mois = null");
            assertThat(authorize(unlimited, "gpt-unpriced", 10, 10, "p1"))
                    .containsEntry("allowed", true).containsEntry("remainingBudget", null);
        }

        @Test
        @DisplayName("answers NOT_FOUND for another organisation's connexion or an unknown one, and writes nothing")
        void notFound() {
            UUID elsewhere = fixtures.connexion(fixtures.organisation("Ailleurs " + UUID.randomUUID()), "reseau");
            for (UUID id : List.of(elsewhere, UUID.randomUUID())) {
                Map<String, Object> response = api.call(member, MeteringClient.AUTHORIZE, Map.of("input",
                        input("connexionId", id.toString(), "model", "gpt-4o-mini", "idempotencyKey", "n1"))).block();
                assertThat(onlyError(response)).containsEntry("code", "NOT_FOUND").containsEntry("field", "connexionId");
            }
            assertThat(counters(elsewhere)).containsEntry("usage", 0).containsEntry("answers", 0L);
        }

        @Test
        @DisplayName("rejects a blank or too long idempotency key, negative tokens and a malformed id with BAD_REQUEST")
        void badInput() {
            record Case(Map<String, Object> input, String field) {
            }
            for (Case c : List.of(
                    new Case(input("connexionId", connexion.toString(), "model", "gpt-4o", "idempotencyKey", " "), "idempotencyKey"),
                    new Case(input("connexionId", connexion.toString(), "model", "gpt-4o", "idempotencyKey", "k".repeat(201)), "idempotencyKey"),
                    new Case(input("connexionId", connexion.toString(), "model", "gpt-4o", "estimatedInputTokens", -1,
                            "idempotencyKey", "k"), "estimatedInputTokens"),
                    new Case(input("connexionId", connexion.toString(), "model", "gpt-4o", "maxOutputTokens", -5,
                            "idempotencyKey", "k"), "maxOutputTokens"),
                    new Case(input("connexionId", "not-a-uuid", "model", "gpt-4o", "idempotencyKey", "k"), "connexionId"))) {
                Map<String, Object> error = onlyError(api.call(member, MeteringClient.AUTHORIZE, Map.of("input", c.input())).block());
                assertThat(error).as(c.field()).containsEntry("code", "BAD_REQUEST").containsEntry("field", c.field());
                assertThat((String) error.get("message")).startsWith(c.field() + ":");
            }
            assertThat(counters(connexion)).containsEntry("answers", 0L);
        }

        @Test
        @DisplayName("a retry with the same key returns the first answer and counts once, allowed or denied")
        void idempotentRetries() {
            Map<String, Object> first = authorize(connexion, "gpt-4o-mini", 1000, 500, "same");
            Map<String, Object> denied = authorize(connexion, "gpt-4", 1, 1, "same-denied");
            clock.set(Instant.now().plus(Duration.ofMinutes(1)));

            assertThat(authorize(connexion, "gpt-4o-mini", 1000, 500, "same")).isEqualTo(first);
            assertThat(authorize(connexion, "gpt-4o", 1, 1, "same")).as("the first answer, whatever the retry says").isEqualTo(first);
            assertThat(authorize(connexion, "gpt-4", 1, 1, "same-denied")).isEqualTo(denied);
            assertThat(counters(connexion)).containsEntry("usage", 1).containsEntry("reservations", 1L).containsEntry("answers", 2L);
        }
    }

    @Nested
    @DisplayName("recordUsage")
    class Record {

        @Test
        @DisplayName("appends the exact cost, adds it to the month, settles the reservation; the ledger lists it")
        void settles() {
            Object reservation = authorize(connexion, "gpt-4o-mini", 1000, 500, "a1").get("reservationId");
            Map<String, Object> event = record(connexion, reservation, "gpt-4o-mini", 800, 300, "u1");

            // 800 × 0.15/1M + 300 × 0.60/1M = 0.0003
            assertThat(event).containsEntry("cost", "0.0003").containsEntry("reservationId", reservation)
                    .containsEntry("connexionId", connexion.toString()).containsEntry("inputTokens", 800)
                    .containsEntry("idempotencyKey", "u1");
            assertThat(reservationState(reservation)).isEqualTo("settled");
            assertThat(counters(connexion)).containsEntry("cost", "0.0003").containsEntry("events", 1L);
            // the hold is released: 0.0100 - 0.0003 recorded
            assertThat(authorize(connexion, "gpt-4o-mini", null, null, "a2")).containsEntry("remainingBudget", "0.0097");

            record(connexion, null, "gpt-4o", 1000, 1000, "u2");
            Map<String, Object> page = api.data(member, "query($id: ID!, $after: String) { usageEvents(connexionId: $id,"
                    + " first: 1, after: $after) { edges { cursor node { id cost idempotencyKey } } pageInfo { hasNextPage endCursor } } }",
                    Map.of("id", connexion.toString()), "usageEvents").block();
            assertThat(page.toString()).contains("idempotencyKey=u1").contains("hasNextPage=true");
            @SuppressWarnings("unchecked")
            Object endCursor = ((Map<String, Object>) page.get("pageInfo")).get("endCursor");
            Map<String, Object> next = api.data(member, "query($id: ID!, $after: String) { usageEvents(connexionId: $id,"
                    + " first: 1, after: $after) { edges { node { idempotencyKey cost } } pageInfo { hasNextPage } } }",
                    Map.of("id", connexion.toString(), "after", endCursor), "usageEvents").block();
            // 1000 × 2.50/1M + 1000 × 10/1M = 0.0125
            assertThat(next.toString()).contains("idempotencyKey=u2").contains("cost=0.0125").contains("hasNextPage=false");
        }

        @Test
        @DisplayName("refuses an unknown, foreign, settled or expired reservation or another model, and writes nothing")
        void refusals() {
            Object settled = authorize(connexion, "gpt-4o-mini", 10, 10, "a1").get("reservationId");
            record(connexion, settled, "gpt-4o-mini", 10, 10, "u1");
            Object open = authorize(connexion, "gpt-4o-mini", 10, 10, "a2").get("reservationId");
            UUID other = connexion("openai_limite_cout_mois = null");
            Object foreign = authorize(other, "gpt-4o-mini", 10, 10, "a3").get("reservationId");
            Map<String, Object> before = counters(connexion);

            assertThat(onlyError(recordResponse(connexion, UUID.randomUUID().toString(), "gpt-4o-mini", "u2")))
                    .containsEntry("code", "NOT_FOUND").containsEntry("field", "reservationId");
            assertThat(onlyError(recordResponse(connexion, foreign, "gpt-4o-mini", "u2")))
                    .containsEntry("code", "NOT_FOUND").containsEntry("field", "reservationId");
            assertThat(onlyError(recordResponse(connexion, settled, "gpt-4o-mini", "u2")))
                    .containsEntry("code", "BAD_REQUEST").containsEntry("field", "reservationId");
            assertThat(onlyError(recordResponse(connexion, open, "gpt-4o", "u2")))
                    .containsEntry("code", "BAD_REQUEST").containsEntry("field", "model");
            clock.set(Instant.now().plus(Duration.ofMinutes(10)));
            assertThat(onlyError(recordResponse(connexion, open, "gpt-4o-mini", "u2")))
                    .containsEntry("code", "BAD_REQUEST").containsEntry("field", "reservationId")
                    .extracting(e -> e.get("message")).asString().contains("expired");

            assertThat(counters(connexion)).isEqualTo(before);
            assertThat(reservationState(open)).isEqualTo("held");
        }

        @Test
        @DisplayName("accepts usage without a reservation, which can use up the budget: QUOTA_EXCEEDED, then denials")
        void withoutReservation() {
            Map<String, Object> event = record(connexion, null, "gpt-4o", 2000, 500, "u1");
            // 2000 × 2.50/1M + 500 × 10/1M = 0.0100 = the limit
            assertThat(event).containsEntry("cost", "0.0100").containsEntry("reservationId", null);
            assertThat(counters(connexion)).containsEntry("status", "quota_exceeded").containsEntry("cost", "0.0100");
            assertThat(authorize(connexion, "gpt-4o-mini", null, null, "a1")).containsEntry("reason", "MONTHLY_BUDGET_EXCEEDED");
            String journal = database.sql("select openai_audit_log -> 'entries' -> -1 ->> 'action' || '|'"
                            + " || (openai_audit_log -> 'entries' -> -1 ->> 'detail') from openai_connexion"
                            + " where openai_connexion_id = $1")
                    .bind(0, connexion).map(row -> row.get(0, String.class)).one().block();
            assertThat(journal).isEqualTo("quota_exceeded|MONTHLY_BUDGET");
        }

        @Test
        @DisplayName("a retry with the same key returns the first event and counts once")
        void idempotentRetries() {
            Map<String, Object> first = record(connexion, null, "gpt-4o-mini", 1000, 1000, "u1");
            clock.set(Instant.now().plus(Duration.ofMinutes(1)));
            assertThat(record(connexion, null, "gpt-4o-mini", 5, 5, "u1")).isEqualTo(first);
            assertThat(counters(connexion)).containsEntry("events", 1L).containsEntry("cost", "0.0008");
        }
    }

    @Nested
    @DisplayName("journal")
    class Journal {

        /** The connexion's journal entries from the {@code from}-th on (0-based), without their instant and author. */
        private List<String> entriesFrom(UUID id, int from) {
            return database.sql("select (e - 'at' - 'by')::text from openai_connexion,"
                            + " jsonb_array_elements(openai_audit_log -> 'entries') with ordinality as t(e, n)"
                            + " where openai_connexion_id = $1 and n > $2 order by n")
                    .bind(0, id).bind(1, from).map(row -> row.get(0, String.class)).all().collectList().block();
        }

        private int entries(UUID id) {
            return entriesFrom(id, 0).size();
        }

        @Test
        @DisplayName("a status set or lifted by metering and by an edit is journalled in the same words, with its cause")
        void oneWording() {
            UUID limited = connexion("openai_limite_quotidienne = 1, openai_limite_cout_mois = null");
            clock.set(Instant.parse("2026-06-10T08:00:00Z"));
            int start = entries(limited);

            assertThat(authorize(limited, "gpt-4o-mini", null, null, "j1")).containsEntry("allowed", true);
            List<String> byAdmission = entriesFrom(limited, start);

            Map<String, Object> edit = api.call(member, "mutation($id: ID!) { updateConnexion(id: $id, input:"
                    + " { dailyRequestLimit: 2 }) { status } }", Map.of("id", limited.toString())).block();
            assertThat(edit).doesNotContainKey("errors");
            List<String> byEdit = entriesFrom(limited, start + byAdmission.size());

            assertThat(authorize(limited, "gpt-4o-mini", null, null, "j2")).containsEntry("allowed", true);
            List<String> bySecondAdmission = entriesFrom(limited, start + byAdmission.size() + byEdit.size());

            clock.set(Instant.parse("2026-06-11T08:00:00Z")); // the next day in Paris
            assertThat(authorize(limited, "gpt-4o-mini", null, null, "j3")).containsEntry("allowed", true);
            List<String> byReset = entriesFrom(limited,
                    start + byAdmission.size() + byEdit.size() + bySecondAdmission.size());

            String exceeded = "{\"action\": \"quota_exceeded\", \"detail\": \"DAILY_QUOTA\", \"fields\": [\"status\"]}";
            String restored = "{\"action\": \"quota_restored\", \"fields\": [\"status\"]}";
            assertThat(byAdmission).containsExactly(exceeded);
            assertThat(byEdit).containsExactly(
                    "{\"action\": \"updated\", \"fields\": [\"dailyRequestLimit\"]}", restored);
            assertThat(bySecondAdmission).containsExactly(exceeded);
            assertThat(byReset).containsExactly(restored);
        }
    }

    @Nested
    @DisplayName("time")
    class Time {

        @Test
        @DisplayName("the daily quota starts again at midnight in Paris, on the 23-hour day of the DST change too")
        void dailyResetAtParisMidnight() {
            UUID limited = connexion("openai_limite_quotidienne = 1, openai_limite_cout_mois = null");
            clock.set(Instant.parse("2026-03-28T22:59:59Z")); // Saturday 23:59:59 in Paris (UTC+1)
            assertThat(authorize(limited, "gpt-4o-mini", null, null, "d1")).containsEntry("allowed", true);
            assertThat(counters(limited)).containsEntry("status", "quota_exceeded");
            assertThat(authorize(limited, "gpt-4o-mini", null, null, "d2")).containsEntry("reason", "DAILY_QUOTA_EXCEEDED");

            clock.set(Instant.parse("2026-03-28T23:00:00Z")); // Sunday 00:00 in Paris
            assertThat(authorize(limited, "gpt-4o-mini", null, null, "d3")).containsEntry("allowed", true);
            // the next reset is Monday 00:00 in Paris, now UTC+2: 23 hours later
            assertThat(counters(limited)).containsEntry("usage", 1)
                    .extracting(c -> ((java.time.OffsetDateTime) c.get("quota_reset")).toInstant())
                    .isEqualTo(Instant.parse("2026-03-29T22:00:00Z"));
        }

        @Test
        @DisplayName("a new month in Paris rolls the cost over and returns the connexion to ACTIVE")
        void monthRollOver() {
            UUID budgeted = connexion("openai_limite_quotidienne = null, openai_limite_cout_mois = 0.0010");
            clock.set(Instant.parse("2026-03-31T21:59:00Z")); // March 31, 23:59 in Paris (UTC+2)
            record(budgeted, null, "gpt-4o-mini", 4000, 1000, "u1"); // 0.0012
            assertThat(counters(budgeted)).containsEntry("status", "quota_exceeded").containsEntry("cost", "0.0012");
            assertThat(authorize(budgeted, "gpt-4o-mini", 10, 10, "a1")).containsEntry("reason", "MONTHLY_BUDGET_EXCEEDED");

            clock.set(Instant.parse("2026-03-31T22:00:00Z")); // April 1, 00:00 in Paris
            // 0.0010 − 0.00045 = 0.00055 left, shown rounded half-up
            assertThat(authorize(budgeted, "gpt-4o-mini", 1000, 500, "a2")).containsEntry("allowed", true)
                    .containsEntry("remainingBudget", "0.0006");
            assertThat(counters(budgeted)).containsEntry("status", "active").containsEntry("cost", "0.0000");
        }

        @Test
        @DisplayName("a hold stops counting when its TTL passes, with nothing running, and is marked expired by the next admission")
        void holdExpiry() {
            UUID budgeted = connexion("openai_limite_quotidienne = null, openai_limite_cout_mois = 0.0010");
            Instant start = Instant.parse("2026-05-05T08:00:00Z");
            clock.set(start);
            Object first = authorize(budgeted, "gpt-4o-mini", 1000, 500, "h1").get("reservationId");
            authorize(budgeted, "gpt-4o-mini", 1000, 500, "h2");
            assertThat(authorize(budgeted, "gpt-4o-mini", 1000, 500, "h3")).containsEntry("reason", "MONTHLY_BUDGET_EXCEEDED");

            clock.set(start.plus(Duration.ofMinutes(10)).minusMillis(1));
            assertThat(authorize(budgeted, "gpt-4o-mini", 1000, 500, "h4")).containsEntry("reason", "MONTHLY_BUDGET_EXCEEDED");
            clock.set(start.plus(Duration.ofMinutes(10)));
            assertThat(authorize(budgeted, "gpt-4o-mini", 1000, 500, "h5")).containsEntry("allowed", true)
                    .containsEntry("remainingBudget", "0.0006");
            assertThat(reservationState(first)).isEqualTo("expired");
        }
    }

    @Nested
    @DisplayName("model prices")
    class Prices {

        @Test
        @DisplayName("modelPrices lists the seeded OpenAI list prices")
        void seeded() {
            Map<String, Object> response = api.call(member, "{ modelPrices { model inputPerMillion outputPerMillion } }", Map.of()).block();
            assertThat(response.toString())
                    .contains("{model=gpt-4o-mini, inputPerMillion=0.1500, outputPerMillion=0.6000}")
                    .contains("{model=gpt-4.1, inputPerMillion=2.0000, outputPerMillion=8.0000}");
        }

        @Test
        @DisplayName("an admin upserts a price, then it meters; anyone else gets FORBIDDEN and nothing changes")
        void upsert() {
            String model = "gpt-test-" + UUID.randomUUID();
            String mutation = "mutation($input: UpsertModelPriceInput!) { upsertModelPrice(input: $input)"
                    + " { model inputPerMillion outputPerMillion } }";
            Map<String, Object> input = input("model", model, "inputPerMillion", "0.075", "outputPerMillion", 3);

            assertThat(onlyError(api.call(member, mutation, Map.of("input", input)).block())).containsEntry("code", "FORBIDDEN");
            assertThat(api.data(admin, mutation, Map.of("input", input), "upsertModelPrice").block())
                    .containsEntry("model", model).containsEntry("inputPerMillion", "0.0750").containsEntry("outputPerMillion", "3.0000");
            assertThat(api.data(admin, mutation, Map.of("input", input("model", model, "inputPerMillion", "0.1",
                    "outputPerMillion", "0.4")), "upsertModelPrice").block()).containsEntry("inputPerMillion", "0.1000");
            assertThat(onlyError(api.call(admin, mutation, Map.of("input", input("model", model, "inputPerMillion", "-1",
                    "outputPerMillion", "0.0000001"))).block())).containsEntry("code", "BAD_REQUEST")
                    .containsEntry("field", "inputPerMillion");

            fixtures.update(connexion, "openai_modeles_autorises = array_append(openai_modeles_autorises, '" + model + "')");
            assertThat(authorize(connexion, model, 100_000, 0, "m1")).containsEntry("remainingBudget", "0.0000")
                    .containsEntry("allowed", true);
            assertThat(database.sql("select input_per_million from openai_model_price where model = $1 order by effective_from desc limit 1").bind(0, model)
                    .map(row -> row.get(0, BigDecimal.class)).one().block()).isEqualByComparingTo("0.1");
        }
    }
}
