#!/usr/bin/env bash
# Embedded-store append benchmark (see docs/BENCHMARKS.md, "History growth"): appends direct messages straight into
# a fresh RocksDB store and prints, per interval, the append rate, latency percentiles and the store's files.
#   load-tests/store.sh [messages=6000000] [window=512] [users=20000] [report=500000]
exec "$(dirname "$0")/embedded-bench.sh" io.parley.storage.rocksdb.AppendBench "$@"
