#!/usr/bin/env bash
# Two builds of the service side by side, measured in alternation (A B A B ...) on one machine in one run: the
# way to compare before/after on a shared machine whose other load drifts over minutes.
#
#   benchmarks/ab.sh <jar A> <jar B>        # e.g. a jar built in a worktree of the older commit, and this one's
#
# Both services run at once, each on its own fresh embedded PostgreSQL (PRESENCA_HOME under /tmp), with run.sh's JVM
# settings; only one is loaded at a time. Each is seeded as run.sh does (Seed through the API, pgbench/seed.sql), warmed
# up (JIT_WARMUP seconds of both workloads), then ROUNDS rounds, each running every workload on A then B (the order
# flips every round). Workloads (ClosedLoopLoad, CONCURRENCY callers, role authenticated, a fresh idempotency key per
# call, WARMUP + MEASURE seconds): authorize = authorizeRequest on 1,000 spread connexions; record = authorizeRequest
# then its recordUsage on another 1,000 (recordUsage latency measured on its own; CPU and throughput per pair).
# Prints one line per run and a table of medians (min-max) over the rounds, with the load average of each run.
#
# Settings: ROUNDS=4 CONCURRENCY=64 WARMUP=5 MEASURE=20 JIT_WARMUP=120 WORKLOADS="authorize record"
# NAME_A=before NAME_B=after ARGS_A ARGS_B (extra service arguments of each side, e.g. one jar twice with
# ARGS_B=--presenca.metrics.admissions.enabled=false) SERVICE_JAVA_OPTS (as run.sh) BENCH_JAR (default: this worktree's benchmarks jar)
# MAX_SECONDS=1500. Stops everything it started, also on error or Ctrl-C.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR_A=${1:?jar A}
JAR_B=${2:?jar B}
NAME_A=${NAME_A:-before}
NAME_B=${NAME_B:-after}
ROUNDS=${ROUNDS:-4}
CONCURRENCY=${CONCURRENCY:-64}
WARMUP=${WARMUP:-5}
MEASURE=${MEASURE:-20}
JIT_WARMUP=${JIT_WARMUP:-120}
WORKLOADS=${WORKLOADS:-authorize record}
MAX_SECONDS=${MAX_SECONDS:-1500}
SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS--Xms64m -Xmx192m -XX:MaxMetaspaceSize=192m -XX:ReservedCodeCacheSize=96m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=4}
BENCH_JAR=${BENCH_JAR:-$ROOT/benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar}

WORK=$(mktemp -d /tmp/presenca-ab.XXXXXX)
declare -A PID HTTP PG POSTMASTER USERID JAR SIDE_ARGS
JAR[A]=$JAR_A; JAR[B]=$JAR_B; SIDE_ARGS[A]=${ARGS_A:-}; SIDE_ARGS[B]=${ARGS_B:-}
HTTP[A]=18081; HTTP[B]=18082; PG[A]=55441; PG[B]=55442
WATCHDOG_PID=
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

stop_all() {
  set +e
  for s in A B; do
    local pid=${PID[$s]:-}
    if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      for _ in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    fi
    local pidfile=$WORK/home-$s/pgdata/postmaster.pid
    if [[ -f $pidfile ]]; then
      local pg; pg=$(head -1 "$pidfile")
      kill -0 "$pg" 2>/dev/null && kill -INT "$pg"
    fi
  done
  if [[ -n $WATCHDOG_PID ]]; then pkill -P "$WATCHDOG_PID" 2>/dev/null; kill "$WATCHDOG_PID" 2>/dev/null; fi
  log "work directory: $WORK"
}
trap stop_all EXIT
trap 'log "interrupted"; exit 130' INT TERM
( exec >/dev/null 2>&1; sleep "$MAX_SECONDS"; kill -TERM $$ ) &
WATCHDOG_PID=$!

export PRESENCA_JWT_SECRET=benchmark-secret-of-the-openai-connexion-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
export PRESENCA_BOOTSTRAP_ADMIN_ID=00000000-0000-4000-8000-0000000a0001
export PRESENCA_ENCRYPTION_KEY=$(head -c 32 /dev/urandom | base64)

for s in A B; do
  log "starting $s (${JAR[$s]}): http://localhost:${HTTP[$s]}, embedded PostgreSQL on ${PG[$s]}"
  # shellcheck disable=SC2086
  PRESENCA_HOME=$WORK/home-$s SERVER_PORT=${HTTP[$s]} \
    java $SERVICE_JAVA_OPTS -jar "${JAR[$s]}" --presenca.database.embedded.port="${PG[$s]}" ${SIDE_ARGS[$s]} \
      >"$WORK/service-$s.log" 2>&1 &
  PID[$s]=$!
done
for s in A B; do
  for i in $(seq 180); do
    curl -sf "http://localhost:${HTTP[$s]}/actuator/health" >/dev/null 2>&1 && break
    kill -0 "${PID[$s]}" 2>/dev/null || { tail -30 "$WORK/service-$s.log" >&2; log "$s did not start"; exit 1; }
    [[ $i == 180 ]] && { log "$s did not answer /actuator/health within 180 s"; exit 1; }
    sleep 1
  done
  java -cp "$BENCH_JAR" fr.presenca.connexion.benchmark.Seed --url="http://localhost:${HTTP[$s]}/graphql" >"$WORK/seed-$s.env"
  # shellcheck disable=SC1090
  source "$WORK/seed-$s.env"
  USERID[$s]=$USER_ID
  psql -X -q -h localhost -p "${PG[$s]}" -U postgres -d postgres -v ON_ERROR_STOP=1 -v template="$TEMPLATE_ID" \
    -v deny_limit=1 -f "$ROOT/benchmarks/pgbench/seed.sql" >/dev/null
  POSTMASTER[$s]=$(head -1 "$WORK/home-$s/pgdata/postmaster.pid")
done

# load <side> <workload> <warmup> <seconds> <name>
load() {
  local s=$1 w=$2 base extra=()
  case $w in authorize) base=110000000000 ;; record) base=210000000000; extra=(--record=true) ;; esac
  java -Xmx256m -cp "$BENCH_JAR" fr.presenca.connexion.benchmark.ClosedLoopLoad --url="http://localhost:${HTTP[$s]}/graphql" \
    --subject="${USERID[$s]}" --concurrency="$CONCURRENCY" --service-pid="${PID[$s]}" --postmaster-pid="${POSTMASTER[$s]}" \
    --id-base="$base" --ids=1000 --warmup="$3" --seconds="$4" --name="$5" "${extra[@]}"
}

for s in A B; do
  log "JIT warm-up of $s: ${JIT_WARMUP}s alternating the workloads, not measured"
  for ((t = 0; t < JIT_WARMUP; t += 20)); do
    for w in $WORKLOADS; do load "$s" "$w" 0 10 "jit-$w" >>"$WORK/jit.txt"; done
  done
done

ROWS=$WORK/rows.tsv
: >"$ROWS"
for ((r = 1; r <= ROUNDS; r++)); do
  order="A B"; (( r % 2 == 0 )) && order="B A"
  for w in $WORKLOADS; do
    for s in $order; do
      name=$NAME_A; [[ $s == B ]] && name=$NAME_B
      log "round $r: $w on $name"
      load "$s" "$w" "$WARMUP" "$MEASURE" "$w-$name-$r" >"$WORK/run-$w-$s-$r.txt"
      grep -E 'throughput|latency|answers|CPU|recordUsage|first error' "$WORK/run-$w-$s-$r.txt" >&2 || true
      # side workload round req/s p50 p99 errors cpu-service cpu-pg [record: p50 p99 errors] load1
      awk -F'\t' -v side="$name" -v w="$w" -v r="$r" -v load="$(cut -d' ' -f1 /proc/loadavg)" '
        $1 == "RESULT" { line = side "\t" w "\t" r "\t" $3 "\t" $4 "\t" $6 "\t" $8 "\t" $12 "\t" $13 }
        $1 == "RECORD" { rec = "\t" $4 "\t" $6 "\t" $8 }
        END { if (rec == "") rec = "\t-\t-\t-"; print line rec "\t" load }' "$WORK/run-$w-$s-$r.txt" >>"$ROWS"
    done
  done
done

echo
echo "| workload | build | req/s | p50 ms | p99 ms | recordUsage p50 ms | recordUsage p99 ms | errors | CPU ms/req service | CPU ms/req PostgreSQL | load avg (1 min) |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
# medians (min-max) over the rounds
awk -F'\t' '
  function med(list,   n, a, i, j, t) { n = split(list, a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    if (a[1] == "-") return "-"; return (n % 2 ? a[(n + 1) / 2] : sprintf("%.2f", (a[n / 2] + a[n / 2 + 1]) / 2)) " (" a[1] "-" a[n] ")" }
  { k = $2 SUBSEP $1; if (!(k in seen)) { seen[k] = 1; order[++n] = k }
    for (f = 4; f <= 13; f++) v[k, f] = v[k, f] (v[k, f] == "" ? "" : " ") $f }
  END { for (i = 1; i <= n; i++) { k = order[i]; split(k, p, SUBSEP)
      printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", p[1], p[2], med(v[k, 4]), med(v[k, 5]), med(v[k, 6]),
        med(v[k, 10]), med(v[k, 11]), v[k, 7], med(v[k, 8]), med(v[k, 9]), v[k, 13] } }' "$ROWS" | sort -t'|' -k2,2 -s
echo
echo "Rounds: $ROUNDS x ($WORKLOADS), $CONCURRENCY callers, ${WARMUP} s warm-up + ${MEASURE} s measured per run; errors and load average listed per round."
echo "Raw rows: $ROWS"
