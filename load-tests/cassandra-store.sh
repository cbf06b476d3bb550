#!/usr/bin/env bash
# Cassandra store benchmark (see docs/BENCHMARKS.md, "On Cassandra"): starts a single-node Cassandra here, then runs
# CassandraStoreBench, two store "nodes" writing one keyspace: one inbox from one node and from two at once, spread
# inboxes, history page reads. Prints rate and latency per phase, and Cassandra's CPU over the whole run.
#   load-tests/cassandra-store.sh [seconds=20] [window=64] [history=20000] [reads=5000]
# Holds /tmp/parley-bench.lock so measurements on this machine never overlap.
set -euo pipefail
if [ -z "${BENCH_LOCKED:-}" ]; then
  exec env BENCH_LOCKED=1 flock /tmp/parley-bench.lock "$0" "$@"
fi
cd "$(dirname "$0")/.."
source load-tests/cassandra-server.sh
mvn -B -q -Dstyle.color=never test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
data=$(mktemp -d /tmp/parley-cassandra-store.XXXXXX)
start_cassandra "$data/cassandra"
trap 'kill "$CASSANDRA_PID" 2>/dev/null; wait "$CASSANDRA_PID" 2>/dev/null; rm -rf "$data"' EXIT
ticks() { awk '{print $14 + $15}' "/proc/$CASSANDRA_PID/stat"; }
before=$(ticks); started=$(date +%s.%N)
java ${STORE_JVM:--Xms1g -Xmx1g -XX:+UseG1GC} \
  -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  io.parley.storage.cassandra.CassandraStoreBench 127.0.0.1:"$CASSANDRA_PORT" "$@"
awk -v t="$(( $(ticks) - before ))" -v s="$(echo "$(date +%s.%N) - $started" | bc)" \
  'BEGIN { printf "cassandra used %.2f cores on average over the run (%.0f s)\n", t / 100 / s, s }'
