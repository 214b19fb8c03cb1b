#!/usr/bin/env bash
# The subscription handshake on fresh JVMs, BOOTS times in a row (default 20): each boot starts the service in local
# mode in a JVM of its own and opens 8 graphql-transport-ws sockets at once right after it is up; every one must get
# connection_ack (and a socket without a token 4403). Runs LocalModeProcessTest with -Dpresenca.test.fresh-boots; the
# first boot is on a fresh home, the others reuse it. Not part of CI (about 30 s a boot on a 2-core machine).
#
#   benchmarks/handshake-repeat.sh            # BOOTS=20
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BOOTS=${BOOTS:-20}
cd "$ROOT"
start=$(date +%s)
status=0
mvn -B -q -pl bootstrap -am verify -Dtest=LocalModeProcessTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dpresenca.test.fresh-boots="$BOOTS" || status=$?
reports=bootstrap/target/surefire-reports
first=$(grep -c '<testcase name="handshakeAfterBoot"[^>]*/>' "$reports"/TEST-*LocalModeProcessTest.xml 2>/dev/null || true)
more=$(grep -c '^handshake: boot .* acknowledged all' "$reports"/*LocalModeProcessTest-output.txt 2>/dev/null || true)
acknowledged=$(( ${first:-0} + ${more:-0} ))
# The boots run in order and stop at the first one that loses an acknowledgement.
echo "handshake on fresh JVMs: the first $acknowledged of $BOOTS boots acknowledged every socket" \
  "($(( $(date +%s) - start )) s); $( ((status == 0)) && echo "all passed" || echo "FAILED, see bootstrap/target/surefire-reports")"
exit $status
