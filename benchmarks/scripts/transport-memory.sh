#!/usr/bin/env bash
# Peak RSS of one GraphUploader process (-Xmx64m) uploading files of growing size to the
# emulator's sink: memory must stay flat in the file's size. Files are sparse (no disk used).
#
#   benchmarks/scripts/transport-memory.sh [SIZES_MIB="64 1024 4096"]
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZES=${1:-"64 1024 4096"}
TRANSPORTS=${TRANSPORTS:-jdk}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/transport-memory.XXXXXX")
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

./mvnw -B -q -pl benchmarks -am install -DskipTests -DskipITs -Dspotless.check.skip=true >/dev/null
./mvnw -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="benchmarks/target/classes:$(cat "$WORK/cp.txt")"

java -Xmx256m -cp "$CP" dev.graphupload.emulator.EmulatorMain --port 0 --sink > "$WORK/emulator.out" 2> "$WORK/emulator.err" &
for _ in $(seq 100); do grep -q listening "$WORK/emulator.out" 2>/dev/null && break; sleep 0.1; done
BASE=$(sed -E 's/.* on (http[^ ]+) .*/\1/' "$WORK/emulator.out")

echo "| transport | file | peak RSS | MiB/s |"
echo "|---|---|---|---|"
for t in $TRANSPORTS; do
  for size in $SIZES; do
    file="$WORK/sparse-$size.mp4"
    truncate -s "${size}M" "$file"
    printf '\x00\x00\x00\x20ftypisom' | dd of="$file" conv=notrunc status=none
    out=$(java -Xmx64m -cp "$CP" dev.graphupload.benchmarks.UploadOnce "$BASE" 1234567890 emulator-token "$file" "$t" 2>/dev/null)
    rss=$(echo "$out" | sed -E 's/.*"peakRssKiB":([0-9]+).*/\1/')
    rate=$(echo "$out" | sed -E 's/.*"bytesPerSecond":([0-9.]+).*/\1/')
    echo "| $t | $size MiB | $((rss / 1024)) MiB | $(awk -v v="$rate" 'BEGIN { printf "%.0f", v / 1048576 }') |"
    rm -f "$file"
  done
done
