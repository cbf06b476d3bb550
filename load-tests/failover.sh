#!/usr/bin/env bash
# Failover at scale (see docs/BENCHMARKS.md, "Failover at scale"): FailoverBench's pairs of devices chatting across a
# three-node cluster started by scripts/cluster.sh, kill -9 of node 3 under load, its devices back through
# GET /v1/discovery; prints the times and the loss, duplicate and gap counts, then stops the cluster.
#   load-tests/failover.sh [FailoverBench key=value ...]     (defaults: pairs=1500 rate=100 before=20 after=30)
# CLUSTER_NODE_OPTS: more node options, e.g. -Dcluster.userAddresses=consumers. Holds /tmp/parley-bench.lock so
# measurements on this machine never overlap.
set -euo pipefail
if [ -z "${BENCH_LOCKED:-}" ]; then
  exec env BENCH_LOCKED=1 flock /tmp/parley-bench.lock "$0" "$@"
fi
cd "$(dirname "$0")/.."

LOAD_JAR=load-tests/target/parley-load.jar
DIR=$(mktemp -d /tmp/parley-failover.XXXXXX)
stale() { # stale JAR DIR...: the jar is missing or older than a file under the directories
  [ ! -f "$1" ] || [ -n "$(find "${@:2}" -newer "$1" -type f -print -quit)" ]
}
if stale target/parley.jar src/main pom.xml; then mvn -B -q -Dstyle.color=never package -DskipTests; fi
if stale "$LOAD_JAR" load-tests/src/main load-tests/pom.xml; then mvn -B -q -Dstyle.color=never -f load-tests/pom.xml package; fi

export CLUSTER_NODE_OPTS="-Xmx1g -Dauth.passwordIterations=1000 -Dhttp.maxConnectionsPerAddress=10000000
  ${CLUSTER_NODE_OPTS:-}"
finish() {
  scripts/cluster.sh stop "$DIR" || true
  echo "logs: $DIR"
}
trap finish EXIT
scripts/cluster.sh start "$DIR"
java -Xms1g -Xmx1g -XX:+UseG1GC -cp "$LOAD_JAR" io.parley.load.FailoverBench \
  nodes=127.0.0.1:8081+127.0.0.1:8082+127.0.0.1:8083 pid="$(cat "$DIR/pids/node-3.pid")" "$@"
