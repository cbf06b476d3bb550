#!/usr/bin/env bash
# The 1:1 climb on two builds side by side in one ChatBench run (see docs/BENCHMARKS.md, "Before and after"): one node
# of each on its embedded store, the same load-tuned flags, the CPU of each printed after every step.
#   load-tests/compare-builds.sh OTHER_JAR [ChatBench key=value ...]   (OTHER_JAR e.g. an older build's parley.jar)
# THIS_OPTS: more JVM options for this build's node only (a setting the other build lacks, e.g. -Dpush.enabled=false).
# Builds target/parley.jar if stale. Holds /tmp/parley-bench.lock so measurements on this machine never overlap.
set -euo pipefail
if [ -z "${BENCH_LOCKED:-}" ]; then
  exec env BENCH_LOCKED=1 flock /tmp/parley-bench.lock "$0" "$@"
fi
OTHER=$(realpath "$1")
shift
cd "$(dirname "$0")/.."

SERVER_JVM=${SERVER_JVM:--Xms1g -Xmx1g -XX:+UseG1GC}
BENCH_JVM=${BENCH_JVM:--Xms2g -Xmx2g -XX:+UseG1GC}
LOAD_JAR=load-tests/target/parley-load.jar
stale() { # stale JAR DIR...: the jar is missing or older than a file under the directories
  [ ! -f "$1" ] || [ -n "$(find "${@:2}" -newer "$1" -type f -print -quit)" ]
}
if stale target/parley.jar src/main pom.xml; then mvn -B -q -Dstyle.color=never package -DskipTests; fi
if stale "$LOAD_JAR" load-tests/src/main load-tests/pom.xml; then mvn -B -q -Dstyle.color=never -f load-tests/pom.xml package; fi

DATA=$(mktemp -d /tmp/parley-compare.XXXXXX)
PIDS=()
finish() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  echo "server logs: $DATA"
  rm -rf "$DATA/other" "$DATA/this"
}
trap finish EXIT
start() { # start NAME JAR PORT [JVM OPTION...]
  local jar
  jar=$(realpath "$2")
  # in a directory without conf/, so each build reads the config.json inside its own jar
  # shellcheck disable=SC2086 # SERVER_JVM is a list of options
  (cd "$DATA" && exec java $SERVER_JVM -Dauth.passwordIterations=1000 -Dgateway.messagesPerSecond=100000 -Dgateway.messageBurst=100000 \
    -Dhttp.maxConnectionsPerAddress=10000000 -Dgateway.maxDevicesPerUser=100000 -Dhttp.port="$3" \
    -Dmetrics.port=$(($3 + 10)) -Dstorage.dataDir="$DATA/$1" "${@:4}" -jar "$jar") > "$DATA/$1.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 150); do
    curl -fsS -o /dev/null "http://127.0.0.1:$3/health" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "$1 not healthy on port $3" >&2
  return 1
}
start other "$OTHER" 18221
# shellcheck disable=SC2086 # THIS_OPTS is a list of options
start this target/parley.jar 18222 ${THIS_OPTS:-}
echo "other: $OTHER; this: target/parley.jar"
# shellcheck disable=SC2086 # BENCH_JVM is a list of options
java $BENCH_JVM -cp "$LOAD_JAR" io.parley.load.ChatBench mode=direct \
  parley=127.0.0.1:18221/other,127.0.0.1:18222/this watch="other:${PIDS[0]},this:${PIDS[1]}" \
  start=2500 step=2500 max=40000 pairs=100 retries=1 "$@"
