#!/usr/bin/env bash
# Runs one embedded-store benchmark main class on a fresh RocksDB directory, removed afterwards:
#   load-tests/embedded-bench.sh <main class> [its arguments after the data directory]
# Used by store.sh and conversations.sh. Holds /tmp/parley-bench.lock so measurements on this machine never overlap.
set -euo pipefail
if [ -z "${BENCH_LOCKED:-}" ]; then
  exec env BENCH_LOCKED=1 flock /tmp/parley-bench.lock "$0" "$@"
fi
main=$1
shift
cd "$(dirname "$0")/.."
mvn -B -q -Dstyle.color=never test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
data=$(mktemp -d /tmp/parley-store.XXXXXX)
trap 'rm -rf "$data"' EXIT
java ${STORE_JVM:--Xms1g -Xmx1g -XX:+UseG1GC} \
  -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  "$main" "$data" "$@"
