#!/usr/bin/env bash
# What holding users costs a vertx-hazelcast cluster (see load-tests/README.md, "BusRegistrationBench"): three
# cluster members in JVMs of their own, first holding users as nodes did before the user directory (a clustered
# consumer per user), then as they do now (node-local consumers and the directory), the same figures for each.
#   load-tests/bus-registrations.sh [BusRegistrationBench key=value ...]     e.g. users=19000
# Compiles the server's tests (the bench uses the server's own cluster classes) and resolves their classpath. JVM
# flags of the members: MEMBER_JVM; MODES=directory (or subs) runs one way only. Holds /tmp/parley-bench.lock so measurements on this machine never overlap.
set -euo pipefail
if [ -z "${BENCH_LOCKED:-}" ]; then
  exec env BENCH_LOCKED=1 flock /tmp/parley-bench.lock "$0" "$@"
fi
cd "$(dirname "$0")/.."

mvn -B -q -Dstyle.color=never test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
ERRORS=$(mktemp /tmp/parley-bus-members.XXXXXX.log)
echo "members' stderr: $ERRORS"
for mode in ${MODES:-subs directory}; do
  echo
  # shellcheck disable=SC2086 # MEMBER_JVM is a list of options
  java ${MEMBER_JVM:--Xms2g -Xmx2g -XX:+UseG1GC} -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
    io.parley.cluster.BusRegistrationBench mode=$mode errors="$ERRORS" "$@"
done
