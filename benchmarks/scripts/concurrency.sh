#!/usr/bin/env bash
# Many small uploads at once through one GraphUploader, per transport, into the emulator's sink:
# uploads per second, CPU per upload (the uploading process's), peak threads and peak RSS. Each
# process uploads the batch ROUNDS times (a new uploader each round, the same transport) and times
# the last round: the rounds before warm the JVM up, as a service's earlier uploads would.
# Contenders alternate, RUNS times each.
#
#   ROUNDS=4 benchmarks/scripts/concurrency.sh [COUNTS="10 100 1000"] [RUNS=3]
set -euo pipefail
cd "$(dirname "$0")/../.."
COUNTS=${1:-"10 100 1000"}
RUNS=${2:-3}
TRANSPORTS=${TRANSPORTS:-"jdk netty"}
ROUNDS=${ROUNDS:-4}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/concurrency.XXXXXX")
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

./mvnw -B -q -pl benchmarks -am install -DskipTests -DskipITs -Dspotless.check.skip=true >/dev/null
./mvnw -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="benchmarks/target/classes:$(cat "$WORK/cp.txt")"

java -Xmx512m -cp "$CP" dev.graphupload.emulator.EmulatorMain --port 0 --sink > "$WORK/emulator.out" 2> "$WORK/emulator.err" &
for _ in $(seq 100); do grep -q listening "$WORK/emulator.out" 2>/dev/null && break; sleep 0.1; done
BASE=$(sed -E 's/.* on (http[^ ]+) .*/\1/' "$WORK/emulator.out")

field() { sed -E "s/.*\"$1\":([0-9.]+).*/\1/"; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A UPS CPU THREADS RSS LOST
for count in $COUNTS; do
  for run in $(seq "$RUNS"); do
    for t in $TRANSPORTS; do
      out=$(java -Xmx256m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" dev.graphupload.benchmarks.ManyUploads "$BASE" 1234567890 emulator-token "$t" "$count" "$WORK/files-$count" "$ROUNDS" 2>/dev/null)
      echo "count $count run $run: $out" >&2
      UPS[$t,$count]+="$(echo "$out" | field uploadsPerSecond) "
      CPU[$t,$count]+="$(echo "$out" | field cpuMillisPerUpload) "
      THREADS[$t,$count]+="$(echo "$out" | field peakThreads) "
      RSS[$t,$count]+="$(echo "$out" | field peakRssKiB) "
      LOST[$t,$count]+="$(echo "$out" | field lost) "
    done
  done
done

echo "| transport | uploads at once | median uploads/s | CPU per upload (median) | peak threads | peak RSS | lost |"
echo "|---|---|---|---|---|---|---|"
for count in $COUNTS; do
  for t in $TRANSPORTS; do
    lost=$(echo "${LOST[$t,$count]}" | tr ' ' '\n' | grep -v '^$' | awk '{s+=$1} END {print s}')
    echo "| $t | $count | $(echo "${UPS[$t,$count]}" | median) | $(echo "${CPU[$t,$count]}" | median) ms | $(echo "${THREADS[$t,$count]}" | median) | $(( $(echo "${RSS[$t,$count]}" | median) / 1024 )) MiB | $lost |"
  done
done
