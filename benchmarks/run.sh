#!/usr/bin/env bash
# Issue 7: authorizeRequest throughput and latency through the service, against the database's own limit (pgbench
# running the adapter's exact SQL on the same PostgreSQL, same data, same concurrency), in one run.
#
#   benchmarks/run.sh            # from a fresh clone; ~8 minutes with the defaults
#
# Builds (mvn package + -P benchmarks), installs the PostgreSQL client tools if pgbench is missing, starts the
# service on a fresh embedded PostgreSQL (PRESENCA_HOME under /tmp, pinned ports), seeds through the API + SQL,
# runs the three workloads through the service (real HTTP, real JWTs, closed loop), then the same three with
# pgbench, prints the table and writes it to benchmarks/RESULTS.md. Stops everything it started, also on error.
#
# Settings (environment): CONCURRENCY=64 WARMUP=10 MEASURE=30 (seconds per workload), HTTP_PORT=18080,
# PG_PORT=55432, JIT_WARMUP=60 JIT_MAX=300 JIT_SLICE=20 JIT_SETTLED=5 (unmeasured load on a cold JVM before the
# first workload, in JIT_SLICE-second slices alternating the spread and deny sets, until the JIT compiler threads use
# less than JIT_SETTLED % of a core in a slice, between JIT_WARMUP and JIT_MAX seconds), SERVICE_JAVA_OPTS (JVM flags of the
# service), SERVICE_ARGS (extra arguments, e.g. --spring.r2dbc.pool.max-size=32), PROFILE=1 (JFR recording of the service, kept in
# the work directory), SKIP_BUILD=1, WORKLOADS="spread hot deny", RESULTS=benchmarks/RESULTS.md (RESULTS=- to
# leave it alone), MAX_SECONDS=900 (the whole run is stopped after that).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CONCURRENCY=${CONCURRENCY:-64}
WARMUP=${WARMUP:-10}
MEASURE=${MEASURE:-30}
HTTP_PORT=${HTTP_PORT:-18080}
PG_PORT=${PG_PORT:-55432}
SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS--Xms64m -Xmx192m -XX:MaxMetaspaceSize=192m -XX:ReservedCodeCacheSize=96m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=4}
WORKLOADS=${WORKLOADS:-spread hot deny}
JIT_WARMUP=${JIT_WARMUP:-60}
JIT_MAX=${JIT_MAX:-300}
JIT_SLICE=${JIT_SLICE:-20}
JIT_SETTLED=${JIT_SETTLED:-5}
JIT_WARMED=0
SERVICE_ARGS=${SERVICE_ARGS:-}
RESULTS=${RESULTS:-$ROOT/benchmarks/RESULTS.md}
MAX_SECONDS=${MAX_SECONDS:-900}
DENY_LIMIT=1

WORK=$(mktemp -d /tmp/presenca-bench.XXXXXX)
SERVICE_PID=
WATCHDOG_PID=
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

stop_all() {
  set +e
  if [[ -n $SERVICE_PID ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    log "stopping the service (pid $SERVICE_PID)"
    kill -TERM "$SERVICE_PID"
    for _ in $(seq 40); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$SERVICE_PID" 2>/dev/null && kill -KILL "$SERVICE_PID"
  fi
  # The embedded PostgreSQL stops with the service; if the JVM had to be killed, stop the postmaster too.
  local pidfile=$WORK/home/pgdata/postmaster.pid
  if [[ -f $pidfile ]]; then
    local pg; pg=$(head -1 "$pidfile")
    if kill -0 "$pg" 2>/dev/null; then
      kill -INT "$pg"
      for _ in $(seq 20); do kill -0 "$pg" 2>/dev/null || break; sleep 0.5; done
      kill -0 "$pg" 2>/dev/null && kill -KILL "$pg"
    fi
  fi
  if [[ -n $WATCHDOG_PID ]]; then pkill -P "$WATCHDOG_PID" 2>/dev/null; kill "$WATCHDOG_PID" 2>/dev/null; fi
  log "work directory (logs, pgbench output${PROFILE:+, service.jfr}): $WORK"
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

# pgbench and psql: the Debian client (15 here) drives the embedded PostgreSQL 17 fine over pgbench's simple protocol.
if ! command -v pgbench >/dev/null || ! command -v psql >/dev/null; then
  log "installing the PostgreSQL client tools (pgbench, psql)"
  SUDO=; [[ $(id -u) != 0 ]] && SUDO=sudo
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq postgresql-client >/dev/null
fi

export PRESENCA_JWT_SECRET=benchmark-secret-of-the-openai-connexion-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
export PRESENCA_BOOTSTRAP_ADMIN_ID=00000000-0000-4000-8000-0000000a0001
export PRESENCA_ENCRYPTION_KEY=$(head -c 32 /dev/urandom | base64)
JFR=
[[ -n ${PROFILE:-} ]] && JFR="-XX:StartFlightRecording=filename=$WORK/service.jfr,settings=profile,dumponexit=true"

log "starting the service: http://localhost:$HTTP_PORT, embedded PostgreSQL on $PG_PORT, PRESENCA_HOME=$WORK/home"
# shellcheck disable=SC2086
PRESENCA_HOME=$WORK/home SERVER_PORT=$HTTP_PORT \
  java $SERVICE_JAVA_OPTS $JFR -jar "$SERVICE_JAR" --presenca.database.embedded.port="$PG_PORT" $SERVICE_ARGS \
  >"$WORK/service.log" 2>&1 &
SERVICE_PID=$!
for i in $(seq 120); do
  curl -sf "http://localhost:$HTTP_PORT/actuator/health" >/dev/null 2>&1 && break
  kill -0 "$SERVICE_PID" 2>/dev/null || { tail -30 "$WORK/service.log" >&2; log "the service did not start"; exit 1; }
  [[ $i == 120 ]] && { log "the service did not answer /actuator/health within 120 s"; exit 1; }
  sleep 1
done

PSQL=(psql -X -q -h localhost -p "$PG_PORT" -d postgres -v ON_ERROR_STOP=1)
log "seeding: organisation, user and template connexion through the API; 2 x (1,000 + 1 + 1,000) connexions in SQL"
java -cp "$BENCH_JAR" fr.presenca.connexion.benchmark.Seed --url="http://localhost:$HTTP_PORT/graphql" >"$WORK/seed.env"
# shellcheck disable=SC1091
source "$WORK/seed.env"
"${PSQL[@]}" -U postgres -v template="$TEMPLATE_ID" -v deny_limit="$DENY_LIMIT" -f "$ROOT/benchmarks/pgbench/seed.sql" >/dev/null

base_of() { case $1 in spread) echo "$2"10000000000 ;; hot) echo "$2"20000000000 ;; deny) echo "$2"30000000000 ;; esac; }
count_of() { case $1 in hot) echo 1 ;; *) echo 1000 ;; esac; }
rss_peak_mib() { awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVICE_PID/status"; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

POSTMASTER_PID=$(head -1 "$WORK/home/pgdata/postmaster.pid")
pg_ticks() { java -cp "$BENCH_JAR" fr.presenca.connexion.benchmark.ProcessCpu --pid="$POSTMASTER_PID" --tree=true; }
LOAD=(java -Xmx256m -cp "$BENCH_JAR" fr.presenca.connexion.benchmark.ClosedLoopLoad --url="http://localhost:$HTTP_PORT/graphql"
      --subject="$USER_ID" --concurrency="$CONCURRENCY" --service-pid="$SERVICE_PID" --postmaster-pid="$POSTMASTER_PID")
if (( JIT_WARMUP > 0 )); then
  # Until the JIT has settled: slices of load alternating the spread and deny sets (admission and denial paths), until
  # the compiler threads used less than JIT_SETTLED percent of one core in a slice, at least JIT_WARMUP seconds and at
  # most JIT_MAX seconds. On 2 cores under load, C2 keeps compiling for minutes; whatever workload came first used to
  # pay ~1.5 ms of CPU per request more than the same workload measured later.
  jit_ticks() { java -cp "$BENCH_JAR" fr.presenca.connexion.benchmark.ProcessCpu --pid="$SERVICE_PID" --threads=Compiler; }
  log "JIT warm-up: ${JIT_SLICE}s slices on the service's spread and deny sets until the compiler settles (${JIT_WARMUP}-${JIT_MAX}s), not measured"
  warmed=0; slice_set=spread; : >"$WORK/service-jit.txt"
  while :; do
    before=$(jit_ticks)
    "${LOAD[@]}" --id-base="$(base_of "$slice_set" 1)" --ids=1000 --warmup=0 --seconds="$JIT_SLICE" --name="jit-$slice_set" >>"$WORK/service-jit.txt"
    compiler=$(( ($(jit_ticks) - before) * 10 ))   # ms of compiler CPU in the slice
    warmed=$(( warmed + JIT_SLICE ))
    percent=$(( compiler / (JIT_SLICE * 10) ))
    log "  ${warmed}s: JIT compiler threads used ${percent}% of a core in the last slice"
    (( warmed >= JIT_WARMUP && percent < JIT_SETTLED )) && break
    (( warmed >= JIT_MAX )) && { log "  the JIT had not settled after ${JIT_MAX}s; measuring anyway"; break; }
    [[ $slice_set == spread ]] && slice_set=deny || slice_set=spread
  done
  JIT_WARMED=$warmed
fi

# One line per run: workload side req/s p50 p95 p99 errors rss load cpu-ms/req(service PostgreSQL client)
ROWS=$WORK/rows.tsv
: >"$ROWS"
for w in $WORKLOADS; do
  log "service: $w ($CONCURRENCY callers, ${WARMUP}s warm-up, ${MEASURE}s measured)"
  "${LOAD[@]}" --id-base="$(base_of "$w" 1)" --ids="$(count_of "$w")" --warmup="$WARMUP" --seconds="$MEASURE" --name="$w" | tee "$WORK/service-$w.txt" >&2
  awk -F'\t' -v rss="$(rss_peak_mib)" -v load="$(loadavg)" \
    '$1 == "RESULT" { print $2 "\tservice\t" $3 "\t" $4 "\t" $5 "\t" $6 "\t" $8 "\t" rss "\t" load "\t" $12 "\t" $13 "\t" $14 }' \
    "$WORK/service-$w.txt" >>"$ROWS"

  # pgbench right after the service on the same workload, so that both sides see the same machine (its other load
  # drifts over minutes; runs of the same side minutes apart differed by up to 30 %).
  first=$(( $(base_of "$w" 2) + 1 )); last=$(( $(base_of "$w" 2) + $(count_of "$w") ))
  PGB=(pgbench -n -h localhost -p "$PG_PORT" -U presenca_app -c "$CONCURRENCY" -j 2 -f "$ROOT/benchmarks/pgbench/authorize.sql"
       -D first="$first" -D last="$last" -D subject="$USER_ID" postgres)
  log "pgbench: $w ($CONCURRENCY clients, ${WARMUP}s warm-up, ${MEASURE}s measured)"
  "${PGB[@]}" -T "$WARMUP" >"$WORK/pgbench-$w-warmup.txt" 2>&1 || true
  mkdir -p "$WORK/pgbench-$w-log"
  pg_before=$(pg_ticks)
  # bash's time keyword: pgbench's own user + system CPU seconds
  { TIMEFORMAT='%3U %3S'; time "${PGB[@]}" -T "$MEASURE" -l --log-prefix="$WORK/pgbench-$w-log/tx" >"$WORK/pgbench-$w.txt" 2>&1 || true; } 2>"$WORK/pgbench-$w-cpu.txt"
  pg_after=$(pg_ticks)
  grep -E 'tps|latency average|failed|aborted' "$WORK/pgbench-$w.txt" >&2 || true
  tps=$(awk '/^tps = / { print $3 }' "$WORK/pgbench-$w.txt")
  failed=$(awk '/number of failed transactions/ { print $5 }' "$WORK/pgbench-$w.txt")
  aborted=$(grep -c 'aborted in command' "$WORK/pgbench-$w.txt" || true)
  cat "$WORK/pgbench-$w-log"/tx* | awk '{ print $3 }' | sort -n >"$WORK/pgbench-$w-latencies.txt"
  percentiles=$(awk '{ v[NR] = $1 } END {
      split("50 95 99", q, " ");
      for (i = 1; i <= 3; i++) { k = int(q[i] / 100 * NR + 0.999999); if (k < 1) k = 1; printf "%.2f\t", v[k] / 1000 } }' \
    "$WORK/pgbench-$w-latencies.txt")
  cpu=$(awk -v tps="${tps:-0}" -v s="$MEASURE" -v pg=$(( pg_after - pg_before )) '{ n = tps * s; if (n > 0) printf "-\t%.2f\t%.2f", pg * 10 / n, ($1 + $2) * 1000 / n; else printf "-\t-\t-" }' "$WORK/pgbench-$w-cpu.txt")
  printf '%s\tpgbench\t%.1f\t%s%d\t-\t%s\t%s\n' "$w" "${tps:-0}" "$percentiles" $(( ${failed:-0} + aborted )) "$(loadavg)" "$cpu" >>"$ROWS"
done
SERVICE_RSS=$(rss_peak_mib)

TABLE=$WORK/table.md
{
  echo "| workload | run | req/s | p50 ms | p95 ms | p99 ms | errors | service peak RSS MiB | service / pgbench | CPU ms/req: service | PostgreSQL | client | load avg (1/5/15 min) |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  awk -F'\t' '{ key = $1; row[key, $2] = $0; tps[key, $2] = $3; if (!(key in seen)) { seen[key] = 1; order[++n] = key } }
    END {
      for (i = 1; i <= n; i++) {
        k = order[i]
        for (s = 1; s <= 2; s++) {
          side = s == 1 ? "service" : "pgbench"
          if (!((k, side) in row)) continue
          split(row[k, side], f, "\t")
          ratio = "";
          if (side == "service" && ((k, "pgbench") in tps) && tps[k, "pgbench"] > 0) ratio = sprintf("**%.2f**", f[3] / tps[k, "pgbench"])
          printf "| %s | %s | %.0f | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", k, side, f[3], f[4], f[5], f[6], f[7], f[8], ratio, f[10], f[11], f[12], f[9]
        }
      }
    }' "$ROWS"
} >"$TABLE"

CPU=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
MEM=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
PGVER=$("${PSQL[@]}" -U postgres -Atc "select current_setting('server_version')")
PGSET=$("${PSQL[@]}" -U postgres -Atc "select string_agg(name || '=' || setting, ', ' order by name) from pg_settings where name in ('fsync', 'synchronous_commit', 'shared_buffers', 'max_connections')")
POOL=$(grep -A3 'pool:' "$ROOT/bootstrap/src/main/resources/application.yaml" | awk '/max-size/ { print $2 }')
SECTION=$WORK/section.md
{
  echo "## Latest run: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(nproc) CPU ($CPU), $MEM RAM, Linux $(uname -r); $(java -version 2>&1 | head -1);"
  echo "embedded PostgreSQL $PGVER ($PGSET); $(pgbench --version). Commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' (with local changes)')."
  echo "$CONCURRENCY concurrent callers, ${WARMUP} s warm-up + ${MEASURE} s measured per workload; service JVM: \`${SERVICE_JAVA_OPTS:-(defaults)}\`, R2DBC pool max-size ${POOL:-?}${SERVICE_ARGS:+, service arguments \`$SERVICE_ARGS\`}; ${JIT_WARMED} s JIT warm-up first (until the compiler threads used < ${JIT_SETTLED} % of a core)."
  echo
  cat "$TABLE"
  echo
  echo "Service peak RSS is the JVM's VmHWM (/proc) after the workload (peak since start); service at the end: ${SERVICE_RSS} MiB."
  echo "CPU ms/req: CPU time (user + system, /proc) used in the measured window by the service JVM, by PostgreSQL (all its"
  echo "processes) and by the client (the load generator, or pgbench), divided by the requests measured; 2 cores give 2,000 ms/s."
}>"$SECTION"

if [[ $RESULTS != - ]]; then
  if [[ ! -f $RESULTS ]] || ! grep -q '<!-- latest-run:start -->' "$RESULTS"; then
    printf '# authorizeRequest benchmark results\n\n<!-- latest-run:start -->\n<!-- latest-run:end -->\n' >"$RESULTS"
  fi
  awk -v section="$SECTION" '
    /<!-- latest-run:start -->/ { print; while ((getline line < section) > 0) print line; skip = 1; next }
    /<!-- latest-run:end -->/ { skip = 0 }
    !skip { print }' "$RESULTS" >"$WORK/results.md" && cp "$WORK/results.md" "$RESULTS"
  log "written to $RESULTS"
fi
echo
cat "$SECTION"
