#!/usr/bin/env bash
# HTTP/2 against pooled HTTP/1.1 for many small uploads over HTTPS: N files of 16–64 KiB at once
# through one uploader (as concurrency.sh, ROUNDS rounds per process, the last one timed), into the
# emulator's sink with --tls (HTTP/1.1 or HTTP/2 by ALPN). The JDK transport with each protocol,
# and the Netty transport (HTTP/1.1) beside them. Contenders alternate, RUNS times each; medians.
#
#   ROUNDS=4 benchmarks/scripts/http2.sh [N=1000] [RUNS=3]
set -euo pipefail
cd "$(dirname "$0")/../.."
COUNT=${1:-1000}
RUNS=${2:-3}
ROUNDS=${ROUNDS:-4}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/http2.XXXXXX")
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

./mvnw -B -q -pl benchmarks -am install -DskipTests -DskipITs -Dspotless.check.skip=true >/dev/null
./mvnw -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="benchmarks/target/classes:$(cat "$WORK/cp.txt")"

java -Xmx512m -cp "$CP" dev.graphupload.emulator.EmulatorMain --port 0 --sink --tls > "$WORK/emulator.out" 2> "$WORK/emulator.err" &
for _ in $(seq 100); do grep -q listening "$WORK/emulator.out" 2>/dev/null && break; sleep 0.1; done
BASE=$(sed -E 's/.* on (https[^ ]+) .*/\1/' "$WORK/emulator.out")
CA=$(sed -E 's/.*ca-cert=([^ ]+).*/\1/' "$WORK/emulator.out")

field() { sed -E "s/.*\"$1\":([0-9.]+).*/\1/"; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
CONTENDERS="jdk jdk-h2 netty"
declare -A UPS CPU THREADS LOST
for run in $(seq "$RUNS"); do
  for t in $CONTENDERS; do
    out=$(java -Xmx256m -Dca="$CA" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" dev.graphupload.benchmarks.ManyUploads \
      "$BASE" 1234567890 emulator-token "$t" "$COUNT" "$WORK/files" "$ROUNDS" 2>/dev/null)
    echo "run $run: $out" >&2
    UPS[$t]+="$(echo "$out" | field uploadsPerSecond) "
    CPU[$t]+="$(echo "$out" | field cpuMillisPerUpload) "
    THREADS[$t]+="$(echo "$out" | field peakThreads) "
    LOST[$t]+="$(echo "$out" | field lost) "
  done
done

echo "| transport, over HTTPS | uploads at once | median uploads/s | CPU per upload (median) | peak threads | lost |"
echo "|---|---|---|---|---|---|"
for t in $CONTENDERS; do
  case $t in
    jdk) label="JDK transport, HTTP/1.1 (pooled connections)";;
    jdk-h2) label="JDK transport, HTTP/2";;
    netty) label="Netty transport, HTTP/1.1 (pooled connections)";;
  esac
  lost=$(echo "${LOST[$t]}" | tr ' ' '\n' | grep -v '^$' | awk '{ s += $1 } END { print s }')
  echo "| $label | $COUNT | $(echo "${UPS[$t]}" | median) | $(echo "${CPU[$t]}" | median) ms | $(echo "${THREADS[$t]}" | median) | $lost |"
done
