#!/usr/bin/env bash
# What a registered user address costs a vertx-hazelcast cluster (see load-tests/README.md, BusRegistrationBench).
#   load-tests/bus-registrations.sh [BusRegistrationBench key=value ...]
# Builds the load-test jar if stale, runs three cluster members in JVMs of their own (MEMBER_JVM, also the
# coordinator's) with a unique cluster name, prints the figures, and leaves the members' stderr in a temp file.
# Holds /tmp/parley-bench.lock so measurements on this machine never overlap.
set -euo pipefail
if [ -z "${BENCH_LOCKED:-}" ]; then
  exec env BENCH_LOCKED=1 flock /tmp/parley-bench.lock "$0" "$@"
fi
cd "$(dirname "$0")/.."

MEMBER_JVM=${MEMBER_JVM:--Xms2g -Xmx2g -XX:+UseG1GC}
LOAD_JAR=load-tests/target/parley-load.jar
stale() { # stale JAR DIR...: the jar is missing or older than a file under the directories
  [ ! -f "$1" ] || [ -n "$(find "${@:2}" -newer "$1" -type f -print -quit)" ]
}
if stale "$LOAD_JAR" load-tests/src/main load-tests/pom.xml; then mvn -B -q -f load-tests/pom.xml package; fi
ERRORS=$(mktemp /tmp/parley-bus-members.XXXXXX.log)
echo "members' stderr: $ERRORS"
java $MEMBER_JVM -cp "$LOAD_JAR" io.parley.load.BusRegistrationBench errors="$ERRORS" "$@"
