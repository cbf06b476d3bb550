#!/usr/bin/env bash
# Connection cost and reconnect storm on a fresh node (see load-tests/README.md).
#   load-tests/connections.sh [CONNECTIONS] [HOLD_SECONDS] [ConnectionScale --key value ...]
# Builds what is missing or stale, starts a fresh Parley node (temp data dir, load-tuned flags; JVM flags from
# SERVER_JVM, printed), runs ConnectionScale against it with --server-pid, two client processes and eight loopback
# source addresses, then a storm, and stops the node. Holds /tmp/parley-bench.lock so measurements never overlap.
set -euo pipefail
if [ -z "${BENCH_LOCKED:-}" ]; then
  exec env BENCH_LOCKED=1 flock /tmp/parley-bench.lock "$0" "$@"
fi
cd "$(dirname "$0")/.."

CONNECTIONS=${1:-19000}
HOLD=${2:-600}
shift 2 || shift $# || true
PORT=${NODE_PORT:-18401}
# a fixed young generation, so resident memory grows with what connections keep rather than with garbage headroom
SERVER_JVM=${SERVER_JVM:--Xms1g -Xmx1g -Xmn64m -XX:+UseG1GC}
LOAD_JAR=load-tests/target/parley-load.jar
DATA=$(mktemp -d /tmp/parley-connections.XXXXXX)

stale() { # stale JAR DIR...: the jar is missing or older than a file under the directories
  [ ! -f "$1" ] || [ -n "$(find "${@:2}" -newer "$1" -type f -print -quit)" ]
}
if stale target/parley.jar src/main pom.xml; then mvn -B -q package -DskipTests; fi
if stale "$LOAD_JAR" load-tests/src/main load-tests/pom.xml; then mvn -B -q -f load-tests/pom.xml package; fi

NODE=(java $SERVER_JVM -Dhttp.port="$PORT" -Dmetrics.enabled=false -Dstorage.dataDir="$DATA/data"
  -Dauth.passwordIterations=1000 -Dgateway.messagesPerSecond=100000 -Dgateway.messageBurst=100000
  -Dhttp.maxConnectionsPerAddress=10000000 -Dgateway.maxDevicesPerUser=100000
  -jar target/parley.jar)
echo "node: ${NODE[*]}"
"${NODE[@]}" >"$DATA/node.log" 2>&1 &
NODE_PID=$!
trap 'kill $NODE_PID 2>/dev/null; wait $NODE_PID 2>/dev/null; rm -rf "$DATA/data"' EXIT
for _ in $(seq 1 150); do
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
  kill -0 $NODE_PID 2>/dev/null || { cat "$DATA/node.log"; exit 1; }
  sleep 0.2
done

PROCESSES=$(( (CONNECTIONS + 14999) / 15000 ))
java -cp "$LOAD_JAR" io.parley.load.ConnectionScale --port "$PORT" --connections "$CONNECTIONS" \
  --processes "$PROCESSES" --sources 127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5,127.0.0.6,127.0.0.7,127.0.0.8,127.0.0.9 \
  --users "$DATA/users.tsv" --hold "$HOLD" --server-pid "$NODE_PID" --storm --missed 1 "$@"
echo "node log: $DATA/node.log"
