#!/usr/bin/env bash
# Cross-node delivery latency (see docs/BENCHMARKS.md, "Across nodes"): 1:1 climbs on a three-node cluster, every
# pair's sender and receiver on different nodes, and on one node outside the cluster on the same Cassandra and
# Redis, side by side in one ChatBench run.
#   load-tests/cluster-latency.sh [ChatBench key=value ...]     (defaults: start=50 step=50 max=400 pairs=100)
# Starts the cluster with scripts/cluster.sh (load-tuned node options), the single node beside it, stops all after.
# Holds /tmp/parley-bench.lock so measurements on this machine never overlap.
set -euo pipefail
if [ -z "${BENCH_LOCKED:-}" ]; then
  exec env BENCH_LOCKED=1 flock /tmp/parley-bench.lock "$0" "$@"
fi
cd "$(dirname "$0")/.."

LOAD_JAR=load-tests/target/parley-load.jar
BENCH_JVM=${BENCH_JVM:--Xms1g -Xmx1g -XX:+UseG1GC}
DIR=$(mktemp -d /tmp/parley-cluster-latency.XXXXXX)
SINGLE_PORT=8084
stale() { # stale JAR DIR...: the jar is missing or older than a file under the directories
  [ ! -f "$1" ] || [ -n "$(find "${@:2}" -newer "$1" -type f -print -quit)" ]
}
if stale target/parley.jar src/main pom.xml; then mvn -B -q -Dstyle.color=never package -DskipTests; fi
if stale "$LOAD_JAR" load-tests/src/main load-tests/pom.xml; then mvn -B -q -Dstyle.color=never -f load-tests/pom.xml package; fi

export CLUSTER_NODE_OPTS="-Xmx1g -Dauth.passwordIterations=1000 -Dgateway.messagesPerSecond=100000
  -Dgateway.messageBurst=100000 -Dhttp.maxConnectionsPerAddress=10000000"
single=""
finish() {
  if [ -n "$single" ]; then kill "$single" 2>/dev/null || true; wait "$single" 2>/dev/null || true; fi
  scripts/cluster.sh stop "$DIR" || true
  echo "logs: $DIR"
}
trap finish EXIT
scripts/cluster.sh start "$DIR"
# shellcheck disable=SC2086 # CLUSTER_NODE_OPTS is a list of options
java $CLUSTER_NODE_OPTS -Dhttp.port=$SINGLE_PORT -Dmetrics.port=9468 -Dstorage.dataDir="$DIR/single" \
  -Dstorage.type=cassandra -Dstorage.cassandra.contactPoints=127.0.0.1:"$(cat "$DIR/cassandra-port")" \
  -Dstorage.cassandra.keyspace=parley_single -Dpresence.type=redis -Dpresence.redisUrl=redis://127.0.0.1:16379 \
  -jar target/parley.jar > "$DIR/single.log" 2>&1 &
single=$!
for _ in $(seq 1 360); do
  curl -fsS -o /dev/null "http://127.0.0.1:$SINGLE_PORT/health" 2>/dev/null && break
  kill -0 "$single" || { tail -30 "$DIR/single.log" >&2; exit 1; }
  sleep 0.5
done
watch=single:$single,cassandra:$(cat "$DIR/pids/cassandra.pid")
for n in 1 2 3; do watch=$watch,node-$n:$(cat "$DIR/pids/node-$n.pid"); done
# shellcheck disable=SC2086 # BENCH_JVM is a list of options
java $BENCH_JVM -cp "$LOAD_JAR" io.parley.load.ChatBench mode=direct \
  parley=127.0.0.1:$SINGLE_PORT/one-node,127.0.0.1:8081+127.0.0.1:8082+127.0.0.1:8083/three-nodes \
  start=50 step=50 max=400 pairs=100 retries=1 watch="$watch" "$@"
