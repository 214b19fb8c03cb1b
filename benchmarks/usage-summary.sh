#!/usr/bin/env bash
# usageSummary on a busy connexion: a month of 1,000,000 usage events (4 models, 30 days), then the summary of that
# month by day and model through the service over HTTP, one request at a time, next to the same sums computed from
# the ledger itself (what the summary would cost without the daily aggregates), on the same PostgreSQL.
#
#   benchmarks/usage-summary.sh          # from a fresh clone; ~3-5 minutes
#
# Settings (environment): EVENTS=1000000 REQUESTS=200 HTTP_PORT=18081 PG_PORT=55433 SKIP_BUILD=1
# RESULTS=benchmarks/RESULTS.md (RESULTS=- to leave it alone). Stops everything it started, also on error.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
EVENTS=${EVENTS:-1000000}
REQUESTS=${REQUESTS:-200}
HTTP_PORT=${HTTP_PORT:-18081}
PG_PORT=${PG_PORT:-55433}
RESULTS=${RESULTS:-$ROOT/benchmarks/RESULTS.md}
WORK=$(mktemp -d /tmp/presenca-summary.XXXXXX)
SERVICE_PID=
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
stop_all() {
  set +e
  if [[ -n $SERVICE_PID ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill -TERM "$SERVICE_PID"
    for _ in $(seq 40); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$SERVICE_PID" 2>/dev/null && kill -KILL "$SERVICE_PID"
  fi
  local pidfile=$WORK/home/pgdata/postmaster.pid
  if [[ -f $pidfile ]] && kill -0 "$(head -1 "$pidfile")" 2>/dev/null; then kill -INT "$(head -1 "$pidfile")"; fi
  log "work directory: $WORK"
}
trap stop_all EXIT

cd "$ROOT"
if [[ ${SKIP_BUILD:-} != 1 ]]; then
  log "building (mvn package, then the benchmarks profile)"
  mvn -q -B package -DskipTests
  mvn -q -B -P benchmarks -pl benchmarks package
fi
if ! command -v psql >/dev/null; then
  log "installing the PostgreSQL client tools (psql)"
  SUDO=; [[ $(id -u) != 0 ]] && SUDO=sudo
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq postgresql-client >/dev/null
fi
BENCH_JAR=$ROOT/benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar

export PRESENCA_JWT_SECRET=benchmark-secret-of-the-openai-connexion-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
export PRESENCA_BOOTSTRAP_ADMIN_ID=00000000-0000-4000-8000-0000000a0001
export PRESENCA_ENCRYPTION_KEY=$(head -c 32 /dev/urandom | base64)
log "starting the service on $HTTP_PORT, embedded PostgreSQL on $PG_PORT"
PRESENCA_HOME=$WORK/home SERVER_PORT=$HTTP_PORT java -Xmx256m -jar "$ROOT/bootstrap/target/bootstrap-0.1.0-SNAPSHOT.jar" \
  --presenca.database.embedded.port="$PG_PORT" >"$WORK/service.log" 2>&1 &
SERVICE_PID=$!
for i in $(seq 120); do
  curl -sf "http://localhost:$HTTP_PORT/actuator/health" >/dev/null 2>&1 && break
  kill -0 "$SERVICE_PID" 2>/dev/null || { tail -30 "$WORK/service.log" >&2; exit 1; }
  [[ $i == 120 ]] && { log "the service did not start"; exit 1; }
  sleep 1
done
java -cp "$BENCH_JAR" fr.presenca.connexion.benchmark.Seed --url="http://localhost:$HTTP_PORT/graphql" >"$WORK/seed.env"
# shellcheck disable=SC1091
source "$WORK/seed.env"
PSQL=(psql -X -q -h localhost -p "$PG_PORT" -d postgres -U postgres -v ON_ERROR_STOP=1)

log "inserting $EVENTS usage events on one connexion over November 2026 (the ledger trigger keeps the daily aggregates)"
start=$(date +%s%N)
"${PSQL[@]}" -c "insert into public.openai_usage_event (openai_connexion_id, model, input_tokens, cached_input_tokens,
       output_tokens, cost, idempotency_key, created_at, usage_day)
  select '$TEMPLATE_ID', (array['gpt-4o-mini','gpt-4.1-nano','gpt-5-mini','o4-mini'])[1 + g % 4], 1000, g % 500, 200,
         0.000270 + (g % 7) * 0.000001, 'bench-' || g, t, (t at time zone 'Europe/Paris')::date
    from generate_series(1, $EVENTS) g,
         lateral (select timestamptz '2026-10-31 23:00:00+00' + (g::double precision / $EVENTS) * interval '30 days' as t) x"
insert_ms=$(( ($(date +%s%N) - start) / 1000000 ))
# Each event rewrote its day's aggregate row (one new row version per event): measure the aggregates as the insert
# left them, then as autovacuum leaves them (VACUUM here, so that the run does not wait for it).
"${PSQL[@]}" -c "analyze public.openai_usage_event; analyze public.openai_usage_daily"
aggregate_ms() {
  "${PSQL[@]}" -At -c "explain (analyze, format json) select usage_day, model, sum(requests), sum(input_tokens),
      sum(cached_input_tokens), sum(output_tokens), sum(cost) from public.openai_usage_daily
      where openai_connexion_id = '$TEMPLATE_ID' and usage_day between '2026-11-01' and '2026-11-30' group by 1, 2" \
      | grep -o '"Execution Time": [0-9.]*' | awk '{print $3}'
}
UNVACUUMED=()
for _ in 1 2 3 4 5; do UNVACUUMED+=("$(aggregate_ms)"); done
"${PSQL[@]}" -c "vacuum analyze public.openai_usage_daily"
rows=$("${PSQL[@]}" -At -c "select count(*) from public.openai_usage_daily where openai_connexion_id = '$TEMPLATE_ID'")
log "  $EVENTS events in ${insert_ms} ms; $rows daily aggregate rows"

log "usageSummary by day and model over HTTP ($REQUESTS requests after 50 unmeasured)"
SUMMARY=$(java -cp "$BENCH_JAR" fr.presenca.connexion.benchmark.UsageSummaryLatency --url="http://localhost:$HTTP_PORT/graphql" \
  --secret="$PRESENCA_JWT_SECRET" --subject="$USER_ID" --connexion="$TEMPLATE_ID" --from=2026-11-01 --to=2026-11-30 \
  --group-by=DAY,MODEL --requests="$REQUESTS" --name=usageSummary | tee /dev/stderr | grep '^RESULT')

log "the same sums from the ledger itself (5 runs, EXPLAIN ANALYZE execution time)"
SCAN=()
for _ in 1 2 3 4 5; do
  SCAN+=("$("${PSQL[@]}" -At -c "explain (analyze, format json) select usage_day, model, count(*), sum(input_tokens),
      sum(cached_input_tokens), sum(output_tokens), sum(cost) from public.openai_usage_event
      where openai_connexion_id = '$TEMPLATE_ID' and usage_day between '2026-11-01' and '2026-11-30' group by 1, 2" \
      | grep -o '"Execution Time": [0-9.]*' | awk '{print $3}')")
done
AGG=()
for _ in 1 2 3 4 5; do AGG+=("$(aggregate_ms)"); done
median() { printf '%s\n' "$@" | sort -n | sed -n 3p; }
read -r _ _ n p50 p99 max buckets <<<"$(echo "$SUMMARY" | tr '\t' ' ')"

TABLE=$(cat <<TXT
usageSummary, one connexion, one month, $EVENTS events, by day and model ($buckets buckets; $rows aggregate rows):

| measure | value |
|---|---:|
| service over HTTP, p50 (ms) | $p50 |
| service over HTTP, p99 (ms) | $p99 |
| service over HTTP, max (ms) | $max |
| PostgreSQL on the daily aggregates, median of 5 (ms) | $(median "${AGG[@]}") |
| the same, right after the insert, before any vacuum (ms) | $(median "${UNVACUUMED[@]}") |
| PostgreSQL summing the ledger instead, median of 5 (ms) | $(median "${SCAN[@]}") |
| inserting the $EVENTS events with the aggregate trigger (ms) | $insert_ms |
TXT
)
echo "$TABLE"
if [[ $RESULTS != - ]]; then
  { echo; echo "## usageSummary with $EVENTS events ($(date -u '+%Y-%m-%d %H:%M') UTC, benchmarks/usage-summary.sh)"; echo; echo "$TABLE"; } >>"$RESULTS"
  log "appended to $RESULTS"
fi
