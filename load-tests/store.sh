#!/usr/bin/env bash
# Embedded-store append benchmark (see docs/BENCHMARKS.md, "History growth"): appends direct messages straight into
# a fresh RocksDB store and prints, per interval, the append rate, latency percentiles and the store's files.
#   load-tests/store.sh [messages=6000000] [window=512] [users=20000] [report=500000]
# Holds /tmp/parley-bench.lock so measurements on this machine never overlap.
set -euo pipefail
if [ -z "${BENCH_LOCKED:-}" ]; then
  exec env BENCH_LOCKED=1 flock /tmp/parley-bench.lock "$0" "$@"
fi
cd "$(dirname "$0")/.."
mvn -B -q -Dstyle.color=never test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
data=$(mktemp -d /tmp/parley-store.XXXXXX)
trap 'rm -rf "$data"' EXIT
java ${STORE_JVM:--Xms1g -Xmx1g -XX:+UseG1GC} \
  -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  io.parley.storage.rocksdb.AppendBench "$data" "$@"
