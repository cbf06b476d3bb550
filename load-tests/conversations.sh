#!/usr/bin/env bash
# Conversation list benchmark (see docs/BENCHMARKS.md, "Conversation list"): gives one user thousands of
# conversations in a fresh embedded store and prints the latency of GET /v1/conversations pages at the storage bus.
#   load-tests/conversations.sh [conversations=5000] [groups=500] [requests=500]
exec "$(dirname "$0")/embedded-bench.sh" io.parley.storage.rocksdb.ConversationListBench "$@"
