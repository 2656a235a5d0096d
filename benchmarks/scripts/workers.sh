#!/usr/bin/env bash
# One worker against three over the same batch (separate command processes sharing one Redis,
# against an emulator that caps each connection), and three with one killed once a quarter of the batch is up.
#
#   benchmarks/scripts/workers.sh [FILES=24] [MIB=16] [RUNS=3]
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK=$(mktemp -d "${TMPDIR:-/tmp}/workers.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
./mvnw -B -q -pl benchmarks -am install -DskipTests -DskipITs -Dspotless.check.skip=true >/dev/null
./mvnw -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "benchmarks/target/classes:$(cat "$WORK/cp.txt")" \
  dev.graphupload.benchmarks.WorkersBench "${1:-24}" "${2:-16}" "${3:-3}"
