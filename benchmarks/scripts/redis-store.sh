#!/usr/bin/env bash
# The Redis store's operations per second beside redis-benchmark (SET/GET) on the same
# redis-server in the same run, and its overhead on a 1 GiB upload against the in-memory store.
# Needs redis-benchmark (Debian: redis-tools).
#
#   benchmarks/scripts/redis-store.sh [OPS=20000] [RUNS=3]
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK=$(mktemp -d "${TMPDIR:-/tmp}/redis-store.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
./mvnw -B -q -pl benchmarks -am install -DskipTests -DskipITs -Dspotless.check.skip=true >/dev/null
./mvnw -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
java -Xmx256m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "benchmarks/target/classes:$(cat "$WORK/cp.txt")" \
  dev.graphupload.benchmarks.RedisStoreBench "${1:-20000}" "${2:-3}"
