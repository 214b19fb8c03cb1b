#!/usr/bin/env bash
# Issue 17: the fault suite. Load over real HTTP (FaultLoad: clients that retry an unanswered call with the same
# idempotency key) against the service on a real PostgreSQL server from Debian's packages, and one fault at a time:
#
#   pg-restart     pg_ctl restart -m fast
#   pg-kill        kill -9 of the postmaster, then a start (crash recovery)
#   service-kill   kill -9 of the service, then a start
#   two-instances  two instances behind the clients, one killed for good
#   row-lock       one connexion's row locked for LOCK_SECONDS by another session
#   slow-clients   bodies trickled byte by byte and answers never read, next to the normal load
#
#   benchmarks/faults.sh          # from a fresh clone; ~12 minutes; writes benchmarks/FAULTS.md
#
# Builds, installs PostgreSQL with apt-get if no server is installed, creates a cluster under /tmp (trust auth on
# localhost, run as the postgres user when run as root), starts the service against it, seeds through the API + SQL,
# warms the JIT up, then runs each scenario on a fresh set of connexions: BEFORE seconds of load, the fault, AFTER seconds, then the calls
# in progress finish (at most DRAIN seconds). FaultReport then compares what the clients were told with what the
# database counted. Stops everything it started, also on error or Ctrl-C; the whole run is killed after MAX_SECONDS.
#
# Settings (environment): SCENARIOS="pg-restart pg-kill service-kill two-instances row-lock slow-clients", WARMUP=30
# (seconds of unmeasured load first, for the JIT), BEFORE=15,
# AFTER=15, DRAIN=30, LOCK_SECONDS=30, OUTAGE=2 (seconds a killed process stays down), CLIENTS=12 HOT=4 (spread clients
# and clients of the hot connexion 0, half of them impatient: 1 s), TRICKLE=50 TRICKLE_INTERVAL_MS=50 UNREAD=100 (slow
# clients: bodies sent a byte at a time, and clients that send 5 requests each and never read), PG_PORT=55433, HTTP_PORT=18091, HTTP_PORT_B=18092,
# SERVICE_JAVA_OPTS, SERVICE_ARGS, SKIP_BUILD=1, RESULTS=benchmarks/FAULTS.md (RESULTS=- to leave it alone),
# MAX_SECONDS=1800.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SCENARIOS=${SCENARIOS:-pg-restart pg-kill service-kill two-instances row-lock slow-clients}
WARMUP=${WARMUP:-30}
BEFORE=${BEFORE:-15}
AFTER=${AFTER:-15}
DRAIN=${DRAIN:-30}
LOCK_SECONDS=${LOCK_SECONDS:-30}
OUTAGE=${OUTAGE:-2}
CLIENTS=${CLIENTS:-12}
HOT=${HOT:-4}
TRICKLE=${TRICKLE:-50}
TRICKLE_INTERVAL_MS=${TRICKLE_INTERVAL_MS:-50}
UNREAD=${UNREAD:-100}
PG_PORT=${PG_PORT:-55433}
HTTP_PORT=${HTTP_PORT:-18091}
HTTP_PORT_B=${HTTP_PORT_B:-18092}
SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS--Xms64m -Xmx256m -XX:MaxMetaspaceSize=192m -XX:ReservedCodeCacheSize=96m -Xss512k -XX:+UseSerialGC}
SERVICE_ARGS=${SERVICE_ARGS:-}
RESULTS=${RESULTS:-$ROOT/benchmarks/FAULTS.md}
MAX_SECONDS=${MAX_SECONDS:-1800}
LOCK_TIMEOUT_MS=2000   # the service's default presenca.database.lock-timeout

WORK=$(mktemp -d /tmp/presenca-faults.XXXXXX)
PGDIR=$(mktemp -d /tmp/presenca-faults-pg.XXXXXX)
SERVICE_PID=
SERVICE_B_PID=
LOAD_PID=
WATCHDOG_PID=
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
now_ms() { date +%s%3N; }

# PostgreSQL refuses to run as root: then the cluster belongs to the postgres user of Debian's package.
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
postmaster_pid() { head -1 "$PGDIR/data/postmaster.pid" 2>/dev/null || true; }

stop_pid() {
  local pid=$1
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 40); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
  kill -KILL "$pid" 2>/dev/null || true
}

stop_all() {
  set +e
  [[ -n $LOAD_PID ]] && stop_pid "$LOAD_PID"
  stop_pid "$SERVICE_PID"
  stop_pid "$SERVICE_B_PID"
  if [[ -n ${PGBIN:-} && -f $PGDIR/data/postmaster.pid ]]; then
    as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate -w stop >/dev/null 2>&1
  fi
  if [[ -n $WATCHDOG_PID ]]; then pkill -P "$WATCHDOG_PID" 2>/dev/null; kill "$WATCHDOG_PID" 2>/dev/null; fi
  log "work directory (logs, attempts): $WORK; PostgreSQL cluster: $PGDIR"
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

PGBIN=$(pg_bin)
if [[ -z $PGBIN || ! -x $PGBIN/pg_ctl ]] || ! command -v psql >/dev/null; then
  log "installing PostgreSQL (Debian's postgresql package)"
  SUDO=; [[ $(id -u) != 0 ]] && SUDO=sudo
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq postgresql >/dev/null
  PGBIN=$(pg_bin)
fi
[[ $(id -u) == 0 ]] && chown postgres "$PGDIR"
log "PostgreSQL cluster: $PGBIN, port $PG_PORT, $PGDIR/data"
as_pg "$PGBIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust -E UTF8 --no-locale >"$WORK/initdb.log"
cat >>"$PGDIR/data/postgresql.conf" <<EOF
port = $PG_PORT
listen_addresses = 'localhost'
unix_socket_directories = '$PGDIR'
max_connections = 200
EOF
pg_start() { as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 60 start >/dev/null; }
pg_start
PSQL=(psql -X -q -h localhost -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1)

export PRESENCA_JWT_SECRET=faults-secret-of-the-openai-connexion-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
export PRESENCA_BOOTSTRAP_ADMIN_ID=00000000-0000-4000-8000-0000000a0017
export PRESENCA_ENCRYPTION_KEY=$(head -c 32 /dev/urandom | base64)

# start_service <port> <log>: echoes the pid. The service runs the changelog as the owner, then serves as presenca_app.
start_service() {
  # shellcheck disable=SC2086
  SERVER_PORT=$1 SPRING_R2DBC_URL=r2dbc:postgresql://localhost:$PG_PORT/postgres SPRING_R2DBC_USERNAME=presenca_app \
    SPRING_R2DBC_PASSWORD= SPRING_LIQUIBASE_USER=postgres SPRING_LIQUIBASE_PASSWORD= \
    java $SERVICE_JAVA_OPTS -jar "$SERVICE_JAR" $SERVICE_ARGS >>"$2" 2>&1 &
  echo $!
}
wait_healthy() {
  for _ in $(seq 240); do
    curl -sf "http://localhost:$1/actuator/health" >/dev/null 2>&1 && return 0
    kill -0 "$2" 2>/dev/null || { tail -30 "$3" >&2; log "the service did not start"; return 1; }
    sleep 0.5
  done
  log "the service on $1 was not healthy within 120 s"; return 1
}

log "starting the service on $HTTP_PORT"
SERVICE_PID=$(start_service "$HTTP_PORT" "$WORK/service-a.log")
wait_healthy "$HTTP_PORT" "$SERVICE_PID" "$WORK/service-a.log"

log "seeding: organisation, user and template connexion through the API; 7 x 100 connexions in SQL"
java -cp "$BENCH_JAR" fr.presenca.connexion.benchmark.Seed --url="http://localhost:$HTTP_PORT/graphql" >"$WORK/seed.env"
# shellcheck disable=SC1091
source "$WORK/seed.env"
base_of() { echo $(( 900000000000 + $1 * 1000 )); }
"${PSQL[@]}" -v template="$TEMPLATE_ID" <<'SQL' >/dev/null
insert into public.openai_connexion
      (openai_connexion_id, organisation_id, client_type, client_id, openai_api_key, openai_email_compte,
       openai_organisation_id, openai_project_id, openai_actif, openai_date_activation, openai_statut_connexion,
       openai_limite_quotidienne, openai_usage_quotidien, openai_reset_quota_at, openai_modeles_autorises,
       openai_cout_actuel_mois, openai_limite_cout_mois, openai_reset_cout_at, openai_created_by, openai_updated_by,
       openai_audit_log, openai_ia_extensions)
select ('00000000-0000-4000-8000-' || lpad((900000000000 + s * 1000 + k)::text, 12, '0'))::uuid, t.organisation_id,
       t.client_type, gen_random_uuid(), t.openai_api_key, t.openai_email_compte, t.openai_organisation_id,
       t.openai_project_id, t.openai_actif, t.openai_date_activation, t.openai_statut_connexion,
       t.openai_limite_quotidienne, 0, t.openai_reset_quota_at, t.openai_modeles_autorises, t.openai_cout_actuel_mois,
       t.openai_limite_cout_mois, t.openai_reset_cout_at, t.openai_created_by, t.openai_updated_by, t.openai_audit_log,
       t.openai_ia_extensions
  from public.openai_connexion t, generate_series(0, 6) s, generate_series(0, 99) k
 where t.openai_connexion_id = :'template';
analyze public.openai_connexion;
SQL

URLS="http://localhost:$HTTP_PORT/graphql"
# start_load <scenario> <set> [FaultLoad options…]
start_load() {
  local name=$1 set=$2; shift 2
  rm -f "$WORK/stop"
  java -Xmx384m -cp "$BENCH_JAR" fr.presenca.connexion.benchmark.FaultLoad --urls="$URLS" --subject="$USER_ID" \
    --id-base="$(base_of "$set")" --name="$name" --clients="$CLIENTS" --hot="$HOT" --drain="$DRAIN" \
    --stop-file="$WORK/stop" --max-seconds=$(( BEFORE + AFTER + LOCK_SECONDS + 300 )) --out="$WORK/$name.tsv" "$@" \
    >"$WORK/$name-load.txt" 2>&1 &
  LOAD_PID=$!
}
finish_load() { touch "$WORK/stop"; wait "$LOAD_PID"; LOAD_PID=; }
# report <scenario> <set> <fault start ms> <fault end ms> [FaultReport options…]
report() {
  local name=$1 set=$2 start=$3 end=$4; shift 4
  local base; base=$(base_of "$set")
  local range
  range=$(printf "c.openai_connexion_id between '00000000-0000-4000-8000-%012d' and '00000000-0000-4000-8000-%012d'" \
    "$base" $(( base + 99 )))
  "${PSQL[@]}" -At -F $'\t' -c "select right(c.openai_connexion_id::text, 12)::bigint - $base, c.openai_usage_quotidien,
      (select count(*) from openai_reservation r where r.openai_connexion_id = c.openai_connexion_id)
      from openai_connexion c where $range" >"$WORK/$name-usage.tsv"
  "${PSQL[@]}" -At -F $'\t' -c "select right(c.openai_connexion_id::text, 12)::bigint - $base, a.idempotency_key, a.allowed,
      coalesce(a.reservation_id::text, '') from openai_authorization a join openai_connexion c using (openai_connexion_id)
      where $range" >"$WORK/$name-auth.tsv"
  java -cp "$BENCH_JAR" fr.presenca.connexion.benchmark.FaultReport --scenario="$name" --attempts="$WORK/$name.tsv" \
    --usage="$WORK/$name-usage.tsv" --auth="$WORK/$name-auth.tsv" --fault-start="$start" --fault-end="$end" "$@" \
    | tee -a "$WORK/report.txt" >&2
}

if (( WARMUP > 0 )); then
  log "warm-up: ${WARMUP}s of the same load on set 0, not measured"
  start_load warmup 0; sleep "$WARMUP"; finish_load
fi

set_no=0
for scenario in $SCENARIOS; do
  set_no=$(( set_no + 1 ))
  case $scenario in
    pg-restart)
      log "pg-restart: load, then pg_ctl restart -m fast"
      start_load "$scenario" "$set_no"; sleep "$BEFORE"
      fs=$(now_ms); as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m fast -w -t 60 restart >/dev/null; fe=$(now_ms)
      sleep "$AFTER"; finish_load
      report "$scenario" "$set_no" "$fs" "$fe" ;;
    pg-kill)
      log "pg-kill: load, then kill -9 of the postmaster, ${OUTAGE}s down, start (crash recovery)"
      start_load "$scenario" "$set_no"; sleep "$BEFORE"
      fs=$(now_ms); kill -KILL "$(postmaster_pid)"; sleep "$OUTAGE"
      # The old backends leave when they notice their postmaster is gone; until then the shared memory is in use.
      for _ in $(seq 30); do pg_start 2>/dev/null && break; sleep 1; done
      fe=$(now_ms)
      sleep "$AFTER"; finish_load
      report "$scenario" "$set_no" "$fs" "$fe" ;;
    service-kill)
      log "service-kill: load, then kill -9 of the service, ${OUTAGE}s down, start"
      start_load "$scenario" "$set_no"; sleep "$BEFORE"
      fs=$(now_ms); kill -KILL "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true; sleep "$OUTAGE"
      SERVICE_PID=$(start_service "$HTTP_PORT" "$WORK/service-a.log")
      wait_healthy "$HTTP_PORT" "$SERVICE_PID" "$WORK/service-a.log"; fe=$(now_ms)
      sleep "$AFTER"; finish_load
      report "$scenario" "$set_no" "$fs" "$fe" ;;
    two-instances)
      log "two-instances: a second instance on $HTTP_PORT_B, load on both, then kill -9 of the second"
      SERVICE_B_PID=$(start_service "$HTTP_PORT_B" "$WORK/service-b.log")
      wait_healthy "$HTTP_PORT_B" "$SERVICE_B_PID" "$WORK/service-b.log"
      URLS="http://localhost:$HTTP_PORT/graphql,http://localhost:$HTTP_PORT_B/graphql"
      start_load "$scenario" "$set_no"; sleep "$BEFORE"
      fs=$(now_ms); kill -KILL "$SERVICE_B_PID"; wait "$SERVICE_B_PID" 2>/dev/null || true; SERVICE_B_PID=
      sleep "$AFTER"; finish_load
      URLS="http://localhost:$HTTP_PORT/graphql"
      # The fault is the kill; "during" is the 10 s after it, recovery counts from it.
      report "$scenario" "$set_no" "$fs" $(( fs + 10000 )) --recovery-from=start ;;
    row-lock)
      log "row-lock: load, then connexion 0's row locked ${LOCK_SECONDS}s by another session"
      start_load "$scenario" "$set_no"; sleep "$BEFORE"
      locked=$(printf '00000000-0000-4000-8000-%012d' "$(base_of "$set_no")")
      fs=$(now_ms)
      "${PSQL[@]}" -c "begin; select 1 from openai_connexion where openai_connexion_id = '$locked' for update;
                       select pg_sleep($LOCK_SECONDS); rollback;" >/dev/null
      fe=$(now_ms)
      sleep "$AFTER"; finish_load
      report "$scenario" "$set_no" "$fs" "$fe" --faulted=0 --others-within=2 --faulted-within-ms=$(( LOCK_TIMEOUT_MS + 500 )) ;;
    slow-clients)
      log "slow-clients: load, then $TRICKLE bodies trickled (a byte every $TRICKLE_INTERVAL_MS ms) and $UNREAD clients never reading their answers, for 20 s"
      start_load "$scenario" "$set_no" --slow-at="$BEFORE" --slow-for=20 --trickle="$TRICKLE" --unread="$UNREAD" --trickle-interval-ms="$TRICKLE_INTERVAL_MS"
      sleep $(( BEFORE + 20 + AFTER )); finish_load
      read -r fs fe <"$WORK/$scenario.tsv.slow"
      report "$scenario" "$set_no" "$fs" "$fe" --others-within=2 ;;
    *) log "unknown scenario $scenario"; exit 2 ;;
  esac
done

CPU=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
PGVER=$("${PSQL[@]}" -Atc "select current_setting('server_version')")
SECTION=$WORK/section.md
{
  echo "## Latest run: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(nproc) CPU ($CPU), Linux $(uname -r), shared with other builds (load average at the end:"
  echo "$(cut -d' ' -f1-3 /proc/loadavg)); $(java -version 2>&1 | head -1); PostgreSQL $PGVER from Debian's packages"
  echo "(its own cluster, default settings). Commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' (with local changes)')."
  echo "Load: $CLIENTS spread clients on connexions 1-49 and $HOT on connexion 0 (half of them impatient: they give up"
  echo "after 1 s and retry), closed loop, each retrying an unanswered call with the same idempotency key (backoff 50 ms"
  echo "doubling to 1 s); ${BEFORE} s before each fault, ${AFTER} s after, then at most ${DRAIN} s for the calls in progress."
  echo
  echo "| scenario | calls | answered | typed errors (attempts) | hung | lost | double counts | units counted for unanswered calls | others' p99 / max during the fault (before) | recovery |"
  echo "|---|---:|---:|---|---:|---:|---:|---:|---|---:|"
  grep '^|' "$WORK/report.txt"
  echo
  grep '^DETAILS ' "$WORK/report.txt" | sed 's/^DETAILS /- /'
  echo
  echo "Verdicts (0 hung, 0 lost, counts equal to answers; row-lock and slow-clients: the others' p99 within 2x of"
  echo "before and no timeout; row-lock: connexion 0's UNAVAILABLE within the lock timeout + 0.5 s):"
  grep '^VERDICT ' "$WORK/report.txt" | sed 's/^VERDICT /- /'
} >"$SECTION"

if [[ $RESULTS != - ]]; then
  if [[ ! -f $RESULTS ]] || ! grep -q '<!-- latest-run:start -->' "$RESULTS"; then
    printf '# Fault suite results\n\n<!-- latest-run:start -->\n<!-- latest-run:end -->\n' >"$RESULTS"
  fi
  awk -v section="$SECTION" '
    /<!-- latest-run:start -->/ { print; while ((getline line < section) > 0) print line; skip = 1; next }
    /<!-- latest-run:end -->/ { skip = 0 }
    !skip { print }' "$RESULTS" >"$WORK/results.md" && cp "$WORK/results.md" "$RESULTS"
  log "written to $RESULTS"
fi
echo
cat "$SECTION"
