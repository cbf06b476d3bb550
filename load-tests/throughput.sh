#!/usr/bin/env bash
# Throughput benchmark, Parley against a bare Vert.x WebSocket relay in the same run (see load-tests/README.md).
#   load-tests/throughput.sh [direct|group|both|storage] [ChatBench key=value ...]
# Builds what is missing or stale, then per mode starts the relay and a fresh Parley node (temp data dir, load-tuned
# flags, the same JVM flags for both), runs ChatBench against both, stops both. `storage` instead climbs 1:1 on two
# Parley nodes in one run, one on the embedded store and then one on a Cassandra started here, printing each one's
# CPU and Cassandra's after every step (EMBEDDED_STEPS, CASSANDRA_STEPS: start=, step=, max= of each climb). Holds /tmp/parley-bench.lock so
# measurements on this machine never overlap. Env: NODE_PORT, RELAY_PORT, SERVER_JVM, BENCH_JVM.
set -euo pipefail
if [ -z "${BENCH_LOCKED:-}" ]; then
  exec env BENCH_LOCKED=1 flock /tmp/parley-bench.lock "$0" "$@"
fi
cd "$(dirname "$0")/.."

MODE=${1:-both}
shift || true
NODE_PORT=${NODE_PORT:-18201}
RELAY_PORT=${RELAY_PORT:-18202}
SERVER_JVM=${SERVER_JVM:--Xms1g -Xmx1g -XX:+UseG1GC}
BENCH_JVM=${BENCH_JVM:--Xms2g -Xmx2g -XX:+UseG1GC}
LOAD_JAR=load-tests/target/parley-load.jar
PIDS=()

stale() { # stale JAR DIR...: the jar is missing or older than a file under the directories
  [ ! -f "$1" ] || [ -n "$(find "${@:2}" -newer "$1" -type f -print -quit)" ]
}
if stale target/parley.jar src/main pom.xml; then mvn -B -q -Dstyle.color=never package -DskipTests; fi
if stale "$LOAD_JAR" load-tests/src/main load-tests/pom.xml; then mvn -B -q -Dstyle.color=never -f load-tests/pom.xml package; fi

source load-tests/cassandra-server.sh

stop_all() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  PIDS=()
}
trap stop_all EXIT

wait_for_port() { # wait_for_port PORT PID [SECONDS]
  for _ in $(seq 1 $((${3:-30} * 5))); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    kill -0 "$2" 2>/dev/null || { echo "server on port $1 died" >&2; return 1; }
    sleep 0.2
  done
  echo "nothing listens on port $1" >&2
  return 1
}

LOAD_TUNED=(-Dauth.passwordIterations=1000 -Dgateway.messagesPerSecond=100000 -Dgateway.messageBurst=100000
  -Dhttp.maxConnectionsPerAddress=10000000 -Dgateway.maxDevicesPerUser=100000)

run_storage() { # run_storage DEFAULT_ARGS...
  local data other_port=$((NODE_PORT + 2))
  data=$(mktemp -d /tmp/parley-storage-bench.XXXXXX)
  start_cassandra "$data/cassandra"
  PIDS+=("$CASSANDRA_PID")
  local embedded=(java $SERVER_JVM "${LOAD_TUNED[@]}" -Dhttp.port="$NODE_PORT" -Dmetrics.port=$((NODE_PORT + 3))
    -Dstorage.dataDir="$data/embedded" -jar target/parley.jar)
  local on_cassandra=(java $SERVER_JVM "${LOAD_TUNED[@]}" -Dhttp.port="$other_port" -Dmetrics.port=$((NODE_PORT + 4))
    -Dstorage.dataDir="$data/on-cassandra" -Dstorage.type=cassandra
    -Dstorage.cassandra.contactPoints=127.0.0.1:"$CASSANDRA_PORT" -Dstorage.cassandra.keyspace=parley_bench
    -jar target/parley.jar)
  echo "== storage: 1:1 on the embedded store and on Cassandra"
  echo "embedded:  ${embedded[*]}"
  echo "cassandra: ${on_cassandra[*]}"
  "${embedded[@]}" >"$data/embedded.log" 2>&1 &
  local embedded_pid=$!
  PIDS+=($embedded_pid)
  wait_for_port "$NODE_PORT" $embedded_pid
  "${on_cassandra[@]}" >"$data/on-cassandra.log" 2>&1 &
  local on_cassandra_pid=$!
  PIDS+=($on_cassandra_pid)
  # the keyspace and its tables are created on first start, a few seconds per statement on a busy machine
  wait_for_port "$other_port" $on_cassandra_pid 300
  curl -sf "http://127.0.0.1:$other_port/health" > /dev/null
  local watch=embedded:$embedded_pid,cassandra:$on_cassandra_pid,cassandra-db:$CASSANDRA_PID
  # one climb after the other, not interleaved: an overloaded Cassandra keeps both cores busy for tens of seconds
  # after its step, which would fail the embedded node's next step
  echo "-- embedded store"
  java $BENCH_JVM -cp "$LOAD_JAR" io.parley.load.ChatBench mode=direct parley=127.0.0.1:"$NODE_PORT"/embedded \
    watch="$watch" ${EMBEDDED_STEPS:-start=2500 step=2500 max=60000} "$@"
  echo "-- cassandra"
  java $BENCH_JVM -cp "$LOAD_JAR" io.parley.load.ChatBench mode=direct parley=127.0.0.1:"$other_port"/cassandra \
    watch="$watch" ${CASSANDRA_STEPS:-start=100 step=100 max=5000} "$@"
  stop_all
  echo "server logs: $data"
  rm -rf "$data/embedded" "$data/on-cassandra" "$data/cassandra/data" "$data/cassandra/commitlog"
}

run_mode() { # run_mode MODE DEFAULT_ARGS...
  local mode=$1 data
  shift
  data=$(mktemp -d /tmp/parley-throughput.XXXXXX)
  local relay=(java $SERVER_JVM -cp "$LOAD_JAR" io.parley.load.RelayServer "$RELAY_PORT")
  local parley=(java $SERVER_JVM "${LOAD_TUNED[@]}" -Dhttp.port="$NODE_PORT" -Dstorage.dataDir="$data/data"
    -jar target/parley.jar)
  echo "== $mode"
  echo "relay:  ${relay[*]}"
  echo "parley: ${parley[*]}"
  "${relay[@]}" >"$data/relay.log" 2>&1 &
  PIDS+=($!)
  wait_for_port "$RELAY_PORT" $!
  "${parley[@]}" >"$data/parley.log" 2>&1 &
  PIDS+=($!)
  wait_for_port "$NODE_PORT" $!
  java $BENCH_JVM -cp "$LOAD_JAR" io.parley.load.ChatBench mode="$mode" parley=127.0.0.1:"$NODE_PORT" \
    relay=127.0.0.1:"$RELAY_PORT" "$@"
  stop_all
  echo "server logs: $data"
  rm -rf "$data/data"
}

case "$MODE" in
  direct|group|both) ;;
  storage) run_storage pairs=100 retries=1 "$@"; exit ;;
  *) echo "usage: $0 [direct|group|both|storage] [key=value ...]" >&2; exit 2 ;;
esac
if [ "$MODE" != group ]; then run_mode direct start=2500 step=2500 max=60000 pairs=100 retries=1 "$@"; fi
if [ "$MODE" != direct ]; then run_mode group start=50 step=50 max=1000 groups=10 size=100 retries=1 "$@"; fi
