#!/usr/bin/env bash
# Upgrade check: the previous release's database must keep working under this one.
#
#   benchmarks/upgrade-check.sh <old jar> <new jar>
#
# Starts the old jar on a fresh embedded PostgreSQL (PRESENCA_HOME in a temp dir), creates through GraphQL an
# organisation, a user and 3 connexions, and on each: authorizeRequest + recordUsage (gpt-4.1-nano, 100 + 10 tokens),
# and one recordUsage without a reservation (gpt-4o-mini, 1,000 + 1,000); reads back every connexion (dailyUsage,
# monthlyCost, remainingBudget) and its usage events. Stops it, starts the new jar on the same PRESENCA_HOME (the
# changelog migrates the database), reads the same fields and compares, then makes one more decision + recordUsage
# of gpt-4.1-nano (100 + 10 tokens: exact cost 0.000014) per connexion and prints the new cost, monthlyCost and the
# exact month total (SQL). Exits non-zero if the
# old rows changed or the new cost is not the exact one. Needs curl, jq, openssl. Stops what it started.
# Settings: HTTP_PORT=18083 PG_PORT=55443 SERVICE_JAVA_OPTS.
set -euo pipefail

OLD_JAR=${1:?old jar}
NEW_JAR=${2:?new jar}
HTTP_PORT=${HTTP_PORT:-18083}
PG_PORT=${PG_PORT:-55443}
SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS--Xms64m -Xmx256m -XX:+UseSerialGC}
WORK=$(mktemp -d /tmp/presenca-upgrade.XXXXXX)
URL=http://localhost:$HTTP_PORT/graphql
SERVICE_PID=
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

stop_service() {
  [[ -n $SERVICE_PID ]] && kill -0 "$SERVICE_PID" 2>/dev/null || return 0
  kill -TERM "$SERVICE_PID"
  for _ in $(seq 60); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$SERVICE_PID" 2>/dev/null && kill -KILL "$SERVICE_PID"
  SERVICE_PID=
  # the embedded PostgreSQL stops with the service; make sure before the next start reuses its data directory
  local pidfile=$WORK/home/pgdata/postmaster.pid
  for _ in $(seq 40); do [[ -f $pidfile ]] && kill -0 "$(head -1 "$pidfile")" 2>/dev/null || return 0; sleep 0.5; done
  kill -INT "$(head -1 "$pidfile")" 2>/dev/null || true
}
trap 'stop_service; log "work directory: $WORK"' EXIT

export PRESENCA_JWT_SECRET=upgrade-secret-of-the-openai-connexion-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
export PRESENCA_BOOTSTRAP_ADMIN_ID=00000000-0000-4000-8000-0000000a0011
export PRESENCA_ENCRYPTION_KEY=$(head -c 32 /dev/urandom | base64)

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
jwt() {
  local header claims signature
  header=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
  claims=$(printf '{"sub":"%s","role":"authenticated","exp":%d}' "$1" $(( $(date +%s) + 7200 )) | b64url)
  signature=$(printf '%s.%s' "$header" "$claims" | openssl dgst -sha256 -hmac "$PRESENCA_JWT_SECRET" -binary | b64url)
  printf '%s.%s.%s' "$header" "$claims" "$signature"
}
ADMIN_TOKEN=$(jwt "$PRESENCA_BOOTSTRAP_ADMIN_ID")

# gql <query> [variables json]: prints the data; fails on errors
gql() {
  local body answer vars=${2:-}
  [[ -n $vars ]] || vars='{}'
  body=$(jq -nc --arg q "$1" --argjson v "$vars" '{query: $q, variables: $v}')
  answer=$(curl -s -H 'Content-Type: application/json' -H "Authorization: Bearer $ADMIN_TOKEN" -d "$body" "$URL")
  if [[ $(jq 'has("errors")' <<<"$answer") != false ]]; then log "GraphQL error: $answer"; return 1; fi
  jq -c .data <<<"$answer"
}

start_service() {
  log "starting $1 on PRESENCA_HOME=$WORK/home"
  # shellcheck disable=SC2086
  PRESENCA_HOME=$WORK/home SERVER_PORT=$HTTP_PORT \
    java $SERVICE_JAVA_OPTS -jar "$1" --presenca.database.embedded.port="$PG_PORT" >>"$WORK/service-$2.log" 2>&1 &
  SERVICE_PID=$!
  for i in $(seq 180); do
    curl -sf "http://localhost:$HTTP_PORT/actuator/health" >/dev/null 2>&1 && return 0
    kill -0 "$SERVICE_PID" 2>/dev/null || { tail -40 "$WORK/service-$2.log" >&2; log "$1 did not start"; exit 1; }
    sleep 1
  done
  log "$1 was not healthy within 180 s"; exit 1
}

snapshot() { # the connexions' counters and their ledgers, as JSON lines sorted by connexion
  for c in "${CONNEXIONS[@]}"; do
    gql 'query($id: ID!) { connexion(id: $id) { id dailyUsage monthlyCost monthlyCostLimit } 
         usageEvents(connexionId: $id, first: 100) { edges { node { id model inputTokens outputTokens cost reservationId idempotencyKey } } } }' \
      "{\"id\":\"$c\"}" | jq -c '{connexion: .connexion, events: [.usageEvents.edges[].node] | sort_by(.idempotencyKey)}'
  done
}

start_service "$OLD_JAR" old
organisation=$(gql 'mutation { createOrganisation(input: { name: "upgrade check" }) { id } }' | jq -r .createOrganisation.id)
CONNEXIONS=()
for k in 1 2 3; do
  c=$(gql 'mutation($org: ID!, $client: ID!) { createConnexion(input: { organisationId: $org, clientType: RESEAU_AGENCE, clientId: $client,
        apiKey: "sk-proj-upgradeAbCdEfGhIjKlMnOpQrStUvWxYz0123456789", dailyRequestLimit: 1000, monthlyCostLimit: "10.0000",
        allowedModels: ["gpt-4.1-nano", "gpt-4o-mini"] }) { id } }' \
        "{\"org\":\"$organisation\",\"client\":\"$(cat /proc/sys/kernel/random/uuid)\"}" | jq -r .createConnexion.id)
  CONNEXIONS+=("$c")
  for n in 1 2 3; do
    reservation=$(gql 'mutation($c: ID!, $key: String!) { authorizeRequest(input: { connexionId: $c, model: "gpt-4.1-nano",
        estimatedInputTokens: 100, maxOutputTokens: 10, idempotencyKey: $key }) { allowed reservationId } }' \
        "{\"c\":\"$c\",\"key\":\"old-auth-$n\"}" | jq -r .authorizeRequest.reservationId)
    gql 'mutation($c: ID!, $r: ID!, $key: String!) { recordUsage(input: { connexionId: $c, reservationId: $r, model: "gpt-4.1-nano",
        inputTokens: 100, outputTokens: 10, idempotencyKey: $key }) { cost } }' \
        "{\"c\":\"$c\",\"r\":\"$reservation\",\"key\":\"old-usage-$n\"}" >/dev/null
  done
  gql 'mutation($c: ID!) { recordUsage(input: { connexionId: $c, model: "gpt-4o-mini", inputTokens: 1000, outputTokens: 1000,
      idempotencyKey: "old-usage-mini" }) { cost } }' "{\"c\":\"$c\"}" >/dev/null
done
snapshot >"$WORK/old.jsonl"
log "under the old jar:"; jq -c '{c: .connexion, costs: [.events[].cost]}' "$WORK/old.jsonl" >&2
stop_service

start_service "$NEW_JAR" new
snapshot >"$WORK/new.jsonl"
log "under the new jar, before any new call:"; jq -c '{c: .connexion, costs: [.events[].cost]}' "$WORK/new.jsonl" >&2
status=0
if cmp -s "$WORK/old.jsonl" "$WORK/new.jsonl"; then
  log "OK: connexions (dailyUsage, monthlyCost) and usage events identical after the upgrade"
else
  log "DIFFERENT after the upgrade:"; diff "$WORK/old.jsonl" "$WORK/new.jsonl" >&2 || true; status=1
fi

for c in "${CONNEXIONS[@]}"; do
  reservation=$(gql 'mutation($c: ID!) { authorizeRequest(input: { connexionId: $c, model: "gpt-4.1-nano",
      estimatedInputTokens: 100, maxOutputTokens: 10, idempotencyKey: "new-auth" }) { allowed reservationId } }' \
      "{\"c\":\"$c\"}" | jq -r .authorizeRequest.reservationId)
  cost=$(gql 'mutation($c: ID!, $r: ID!) { recordUsage(input: { connexionId: $c, reservationId: $r, model: "gpt-4.1-nano",
      inputTokens: 100, outputTokens: 10, idempotencyKey: "new-usage-nano" }) { cost } }' "{\"c\":\"$c\",\"r\":\"$reservation\"}" \
      | jq -r .recordUsage.cost)
  after=$(gql 'query($id: ID!) { connexion(id: $id) { dailyUsage monthlyCost } }' "{\"id\":\"$c\"}" | jq -c .connexion)
  before=$(jq -r --arg c "$c" 'select(.connexion.id == $c) | .connexion.monthlyCost' "$WORK/old.jsonl")
  log "new gpt-4.1-nano usage (100 + 10 tokens) on $c: cost $cost; monthlyCost $before -> $(jq -r .monthlyCost <<<"$after"), dailyUsage $(jq -r .dailyUsage <<<"$after")"
  [[ $(awk -v c="$cost" 'BEGIN { print (c + 0 == 0.000014) ? "exact" : "not" }') == exact ]] || { log "NOT the exact cost 0.000014"; status=1; }
done
log "exact month totals (openai_month_cost) and the seed's rounded column, in SQL:"
psql -X -h localhost -p "$PG_PORT" -U postgres -d postgres -c "select c.openai_connexion_id, m.spent as exact_month_total,
    c.openai_cout_actuel_mois as seed_rounded from openai_connexion c left join openai_month_cost m using (openai_connexion_id)
    where c.openai_connexion_id in ($(printf "'%s'," "${CONNEXIONS[@]}" | sed 's/,$//'))" >&2 || status=1
(( status == 0 )) && log "upgrade check passed" || log "upgrade check FAILED"
exit $status
