#!/usr/bin/env bash
# A three-node Parley cluster on this machine, without Docker: Cassandra (load-tests/cassandra-server.sh, 2 GB heap),
# Redis, and three nodes on conf/cluster.json.
#
#   scripts/cluster.sh start [DIR]   builds target/parley.jar if missing, starts everything, returns once all are healthy
#   scripts/cluster.sh stop [DIR]    SIGTERM to the nodes (each drains: docs/DESIGN.md), then Redis and Cassandra
#
# DIR (default target/cluster) holds the data, the logs (node-N.log, redis.log, cassandra/stdout.log) and the pids.
# Ports: nodes HTTP 8081-8083, metrics 9465-9467, Hazelcast 5701-5703 (conf/cluster.json); Redis 16379;
# Cassandra CASSANDRA_PORT (19042). The token key is PARLEY_JWT_SECRET, else one generated into DIR/jwt-secret.
# Web Push runs only with a shared VAPID pair in PARLEY_VAPID_PUBLIC_KEY and PARLEY_VAPID_PRIVATE_KEY (docs/PUSH.md).
# CLUSTER_NODE_OPTS: more JVM options for every node (-Dkey=value settings, heap), e.g. a benchmark's (a PARLEY_...
# variable would be read as a config key).
set -euo pipefail
cd "$(dirname "$0")/.."

command=${1:-}
dir=$(realpath -m "${2:-target/cluster}")
redis_port=16379
nodes=(1 2 3)

pidfile() { echo "$dir/pids/$1.pid"; }

running() { [ -f "$(pidfile "$1")" ] && kill -0 "$(cat "$(pidfile "$1")")" 2>/dev/null; }

await_healthy() {
  local port=$1 name=$2
  # the first node creates the keyspace, which a cold Cassandra on a busy machine can take a minute for
  for _ in $(seq 1 360); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null; then
      echo "$name: healthy on port $port"
      return 0
    fi
    running "$name" || { echo "$name died:" >&2; tail -30 "$dir/$name.log" >&2; return 1; }
    sleep 0.5
  done
  echo "$name not healthy in 180 s, see $dir/$name.log" >&2
  return 1
}

start_node() {
  local n=$1 secret=$2
  local webpush=(-Dpush.webPushEnabled=false)
  if [ -n "${PARLEY_VAPID_PUBLIC_KEY:-}" ]; then
    webpush=(-Dpush.webPushVapidPublicKey="$PARLEY_VAPID_PUBLIC_KEY"
      -Dpush.webPushVapidPrivateKey="${PARLEY_VAPID_PRIVATE_KEY:?set PARLEY_VAPID_PRIVATE_KEY too}")
  fi
  # shellcheck disable=SC2086 # CLUSTER_NODE_OPTS is a list of options
  java -Xmx512m ${CLUSTER_NODE_OPTS:-} -Dparley.config=conf/cluster.json -Dauth.jwtSecret="$secret" -Dnode.id="$n" \
    "${webpush[@]}" \
    -Dhttp.port=$((8080 + n)) -Dmetrics.port=$((9464 + n)) -Dcluster.port=$((5700 + n)) \
    -Dstorage.dataDir="$dir/node-$n" -Dstorage.cassandra.contactPoints="127.0.0.1:$CASSANDRA_PORT" \
    -Dpresence.redisUrl="redis://127.0.0.1:$redis_port" \
    -jar target/parley.jar > "$dir/node-$n.log" 2>&1 &
  echo $! > "$(pidfile "node-$n")"
}

start() {
  mkdir -p "$dir/pids" "$dir/redis"
  [ -f target/parley.jar ] || mvn -B -q package -DskipTests
  if ! running cassandra; then
    # shellcheck source=../load-tests/cassandra-server.sh
    . load-tests/cassandra-server.sh
    start_cassandra "$dir/cassandra"
    echo "$CASSANDRA_PID" > "$(pidfile cassandra)"
    echo "$CASSANDRA_PORT" > "$dir/cassandra-port"
  fi
  CASSANDRA_PORT=$(cat "$dir/cassandra-port")
  if ! running redis; then
    redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$dir/redis" --save "" --appendonly no \
      > "$dir/redis.log" 2>&1 &
    echo $! > "$(pidfile redis)"
  fi
  local secret=${PARLEY_JWT_SECRET:-}
  if [ -z "$secret" ]; then
    [ -f "$dir/jwt-secret" ] || head -c 48 /dev/urandom | base64 | tr -d '\n/+=' > "$dir/jwt-secret"
    secret=$(cat "$dir/jwt-secret")
  fi
  # the first member alone, then the others, so they join its cluster rather than forming their own
  for n in "${nodes[@]}"; do
    running "node-$n" || start_node "$n" "$secret"
    await_healthy $((8080 + n)) "node-$n"
  done
  echo "cluster up: http://127.0.0.1:8081 http://127.0.0.1:8082 http://127.0.0.1:8083 (logs in $dir)"
}

stop_pid() {
  local name=$1 wait_seconds=$2
  running "$name" || { rm -f "$(pidfile "$name")"; return 0; }
  local pid
  pid=$(cat "$(pidfile "$name")")
  kill "$pid"
  for _ in $(seq 1 $((wait_seconds * 4))); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$(pidfile "$name")"; echo "$name stopped"; return 0; }
    sleep 0.25
  done
  echo "$name still running after ${wait_seconds} s, killing it" >&2
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$(pidfile "$name")"
}

stop() {
  # node.drainTimeoutSeconds (30) plus the 15 s Main gives the backends and the cluster leave
  for n in "${nodes[@]}"; do
    stop_pid "node-$n" 50 &
  done
  wait
  stop_pid redis 10
  stop_pid cassandra 60
}

case "$command" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop [DIR]" >&2; exit 2 ;;
esac
