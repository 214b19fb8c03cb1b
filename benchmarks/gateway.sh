#!/usr/bin/env bash
# The OpenAI gateway against calling the same upstream directly, in one run (non-stream and stream): added latency
# p50/p99 at half of the gateway's saturation (open loop), throughput ratio (closed loop), the service's CPU per call.
#
#   benchmarks/gateway.sh        # from a fresh clone; ~5 minutes with the defaults
#
# Builds, installs psql if missing, starts the service on a fresh embedded PostgreSQL with its OpenAI base URL on
# the benchmark's fake OpenAI (a JDK HTTP server in the load generator's JVM), seeds 1,000 connexions (as run.sh
# does), runs GatewayBenchmark, prints the table and appends it to benchmarks/RESULTS.md (RESULTS=- to leave it).
# Settings: CONCURRENCY=16 WARMUP=40 (per mode) MEASURE=15 HTTP_PORT=18080 PG_PORT=55432 UPSTREAM_PORT=18090 SKIP_BUILD=1
# SERVICE_JAVA_OPTS MAX_SECONDS=900.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CONCURRENCY=${CONCURRENCY:-16}
WARMUP=${WARMUP:-40}
MEASURE=${MEASURE:-15}
HTTP_PORT=${HTTP_PORT:-18080}
PG_PORT=${PG_PORT:-55432}
UPSTREAM_PORT=${UPSTREAM_PORT:-18090}
SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS--Xms64m -Xmx256m -XX:+UseSerialGC}
RESULTS=${RESULTS:-$ROOT/benchmarks/RESULTS.md}
MAX_SECONDS=${MAX_SECONDS:-900}

WORK=$(mktemp -d /tmp/presenca-gateway-bench.XXXXXX)
SERVICE_PID=
WATCHDOG_PID=
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
stop_all() {
  set +e
  if [[ -n $SERVICE_PID ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill -TERM "$SERVICE_PID"
    for _ in $(seq 40); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$SERVICE_PID" 2>/dev/null && kill -KILL "$SERVICE_PID"
  fi
  local pidfile=$WORK/home/pgdata/postmaster.pid
  if [[ -f $pidfile ]]; then
    local pg; pg=$(head -1 "$pidfile")
    kill -0 "$pg" 2>/dev/null && { kill -INT "$pg"; sleep 2; kill -KILL "$pg" 2>/dev/null; }
  fi
  if [[ -n $WATCHDOG_PID ]]; then pkill -P "$WATCHDOG_PID" 2>/dev/null; kill "$WATCHDOG_PID" 2>/dev/null; fi
  log "work directory (logs): $WORK"
}
trap stop_all EXIT
trap 'log "interrupted"; exit 130' INT TERM
( exec >/dev/null 2>&1; sleep "$MAX_SECONDS"; kill -TERM $$ ) &
WATCHDOG_PID=$!

cd "$ROOT"
if [[ ${SKIP_BUILD:-} != 1 ]]; then
  log "building (mvn package, then the benchmarks profile)"
  mvn -q -B package -DskipTests
  mvn -q -B -P benchmarks -pl benchmarks package
fi
SERVICE_JAR=$ROOT/bootstrap/target/bootstrap-0.1.0-SNAPSHOT.jar
BENCH_JAR=$ROOT/benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar
if ! command -v psql >/dev/null; then
  log "installing the PostgreSQL client tools (psql)"
  SUDO=; [[ $(id -u) != 0 ]] && SUDO=sudo
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq postgresql-client >/dev/null
fi

export PRESENCA_JWT_SECRET=benchmark-secret-of-the-openai-connexion-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
export PRESENCA_BOOTSTRAP_ADMIN_ID=00000000-0000-4000-8000-0000000a0001
export PRESENCA_ENCRYPTION_KEY=$(head -c 32 /dev/urandom | base64)
log "starting the service on $HTTP_PORT, OpenAI at http://127.0.0.1:$UPSTREAM_PORT/v1"
# shellcheck disable=SC2086
PRESENCA_HOME=$WORK/home SERVER_PORT=$HTTP_PORT PRESENCA_OPENAI_BASE_URL=http://127.0.0.1:$UPSTREAM_PORT/v1 \
  java $SERVICE_JAVA_OPTS -jar "$SERVICE_JAR" --presenca.database.embedded.port="$PG_PORT" >"$WORK/service.log" 2>&1 &
SERVICE_PID=$!
for i in $(seq 120); do
  curl -sf "http://localhost:$HTTP_PORT/actuator/health" >/dev/null 2>&1 && break
  kill -0 "$SERVICE_PID" 2>/dev/null || { tail -30 "$WORK/service.log" >&2; log "the service did not start"; exit 1; }
  [[ $i == 120 ]] && { log "no health within 120 s"; exit 1; }
  sleep 1
done
log "seeding 1,000 connexions"
java -cp "$BENCH_JAR" fr.presenca.connexion.benchmark.Seed --url="http://localhost:$HTTP_PORT/graphql" >"$WORK/seed.env"
# shellcheck disable=SC1091
source "$WORK/seed.env"
psql -X -q -h localhost -p "$PG_PORT" -d postgres -U postgres -v ON_ERROR_STOP=1 -v template="$TEMPLATE_ID" -v deny_limit=1 \
  -f "$ROOT/benchmarks/pgbench/seed.sql" >/dev/null

log "measuring: warm-up ${WARMUP}s, then per mode saturation and open loop, ${MEASURE}s each"
TABLE=$(java -Xmx256m -Dsun.net.httpserver.nodelay=true -cp "$BENCH_JAR" fr.presenca.connexion.benchmark.GatewayBenchmark --service="http://localhost:$HTTP_PORT" \
  --upstream-port="$UPSTREAM_PORT" --secret="$PRESENCA_JWT_SECRET" --user="$USER_ID" --concurrency="$CONCURRENCY" \
  --warmup="$WARMUP" --measure="$MEASURE" --service-pid="$SERVICE_PID")
echo "$TABLE"
if [[ $RESULTS != - ]]; then
  {
    echo
    echo "### Gateway vs direct ($(date -u +%Y-%m-%d), commit $(git -C "$ROOT" rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg), concurrency $CONCURRENCY)"
    echo
    echo "$TABLE"
  } >>"$RESULTS"
fi
