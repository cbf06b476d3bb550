# Sourced by the Cassandra benchmarks: start_cassandra DIR starts a single-node Cassandra 5.0.6 on this machine, as the
# tests do (src/test/cassandra/: its config, and its pom that fetches the jars into target/cassandra/lib), but with
# a 2 GB heap and assertions off. Sets CASSANDRA_PID and CASSANDRA_PORT; the caller stops it (kill, then wait).
start_cassandra() {
  local dir=$1 lib=target/cassandra/lib
  if [ ! -f "$lib/.complete" ]; then
    mvn -B -q -f src/test/cassandra/pom.xml dependency:copy-dependencies -DincludeScope=runtime \
      -DoutputDirectory="$PWD/$lib"
    touch "$lib/.complete"
  fi
  CASSANDRA_PORT=${CASSANDRA_PORT:-19042}
  local storage_port=$((CASSANDRA_PORT + 1)) ssl_port=$((CASSANDRA_PORT + 2))
  mkdir -p "$dir"
  sed -e "s|\${dir}|$dir|g" -e "s|\${nativePort}|$CASSANDRA_PORT|g" -e "s|\${storagePort}|$storage_port|g" \
    -e "s|\${sslStoragePort}|$ssl_port|g" src/test/cassandra/cassandra.yaml > "$dir/cassandra.yaml"
  local launch=()
  # as root, mlockall would pin the whole heap; take the capability away so the lock fails harmlessly
  if [ "$(id -u)" = 0 ] && [ -x /usr/bin/setpriv ]; then
    launch=(/usr/bin/setpriv --inh-caps=-ipc_lock --bounding-set=-ipc_lock)
  fi
  "${launch[@]}" java @src/test/cassandra/jvm.options -Xms2g -Xmx2g -da \
    -Dcassandra.config="file://$dir/cassandra.yaml" -Dcassandra.logdir="$dir/logs" \
    -Dlogback.configurationFile="$PWD/src/test/cassandra/logback.xml" \
    -cp "$PWD/$lib/*" org.apache.cassandra.service.CassandraDaemon > "$dir/stdout.log" 2>&1 &
  CASSANDRA_PID=$!
  for _ in $(seq 1 480); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$CASSANDRA_PORT") 2>/dev/null; then
      echo "cassandra: pid $CASSANDRA_PID, port $CASSANDRA_PORT, 2 GB heap, data in $dir"
      return 0
    fi
    kill -0 "$CASSANDRA_PID" 2>/dev/null || { echo "cassandra died:" >&2; tail -30 "$dir/stdout.log" >&2; return 1; }
    sleep 0.25
  done
  echo "cassandra not ready in 120 s" >&2
  return 1
}
