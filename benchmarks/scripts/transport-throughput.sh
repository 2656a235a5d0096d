#!/usr/bin/env bash
# One large upload over loopback into the emulator's sink: curl (-T, streamed from the file)
# beside GraphUploader with each transport, each run in its own process, cold (the process's
# first upload: what the command gets) and warm (the third upload in one process: what a
# long-running service gets). Contenders alternate, RUNS times each. Our uploads run with
# -Xmx64m and report their peak RSS.
#
#   benchmarks/scripts/transport-throughput.sh [SIZE_MIB=2048] [RUNS=3]
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZE_MIB=${1:-2048}
RUNS=${2:-3}
TRANSPORTS=${TRANSPORTS:-jdk}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/transport-throughput.XXXXXX")
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

./mvnw -B -q -pl benchmarks -am install -DskipTests -DskipITs -Dspotless.check.skip=true >/dev/null
./mvnw -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="benchmarks/target/classes:$(cat "$WORK/cp.txt")"

printf '\x00\x00\x00\x20ftypisom' > "$WORK/file.mp4"
head -c $((SIZE_MIB * 1024 * 1024 - 12)) /dev/urandom >> "$WORK/file.mp4"
BYTES=$(stat -c %s "$WORK/file.mp4")

java -Xmx256m -cp "$CP" dev.graphupload.emulator.EmulatorMain --port 0 --sink > "$WORK/emulator.out" 2> "$WORK/emulator.err" &
for _ in $(seq 100); do grep -q listening "$WORK/emulator.out" 2>/dev/null && break; sleep 0.1; done
BASE=$(sed -E 's/.* on (http[^ ]+) .*/\1/' "$WORK/emulator.out")

curl_upload() { # prints bytes per second
  local id
  id=$(curl -sS -X POST "$BASE/v24.0/1234567890/uploads?file_name=file.mp4&file_length=$BYTES&file_type=video/mp4" \
    -H "Authorization: OAuth emulator-token" | sed -E 's/.*"id":"([^"]+)".*/\1/')
  curl -sS -o /dev/null -w '%{speed_upload}' -X POST -T "$WORK/file.mp4" "$BASE/v24.0/$id" \
    -H "Authorization: OAuth emulator-token" -H "file_offset: 0"
}

ours() { # $1 transport, $2 uploads in the process (the last is timed); prints "bytes-per-second peak-rss-kib"
  java -Xmx64m -cp "$CP" dev.graphupload.benchmarks.UploadOnce "$BASE" 1234567890 emulator-token "$WORK/file.mp4" "$1" whole "$2" 2>/dev/null \
    | sed -E 's/.*"bytesPerSecond":([0-9.]+),"peakRssKiB":([0-9]+).*/\1 \2/'
}

curl_upload > /dev/null; curl_upload > /dev/null # warm the emulator up

mib() { awk -v v="$1" 'BEGIN { printf "%.0f", v / 1048576 }'; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A RATE RSS
for run in $(seq "$RUNS"); do
  line="run $run: curl $(mib "$(curl_upload | tee "$WORK/c")") MiB/s"
  RATE[curl]+="$(cat "$WORK/c") "
  for t in $TRANSPORTS; do
    read -r rate rss <<< "$(ours "$t" 1)"
    RATE[$t]+="$rate "; RSS[$t]+="$rss "
    read -r warm wrss <<< "$(ours "$t" 3)"
    RATE[$t-warm]+="$warm "; RSS[$t-warm]+="$wrss "
    line+=", $t $(mib "$rate") MiB/s cold / $(mib "$warm") warm (peak RSS $((rss / 1024)) / $((wrss / 1024)) MiB)"
  done
  echo "$line" >&2
done

curl_median=$(echo "${RATE[curl]}" | median)
echo "| contender | median MiB/s | vs curl | peak RSS (median) |"
echo "|---|---|---|---|"
echo "| curl -T | $(mib "$curl_median") | 1.00 | — |"
for t in $TRANSPORTS; do
  for mode in "" "-warm"; do
    m=$(echo "${RATE[$t$mode]}" | median)
    label="cold: first upload of a new process"
    [ "$mode" = "-warm" ] && label="warm: third upload in one process"
    echo "| GraphUploader + $t transport (-Xmx64m), $label | $(mib "$m") | $(awk -v a="$m" -v b="$curl_median" 'BEGIN { printf "%.2f", a / b }') | $(( $(echo "${RSS[$t$mode]}" | median) / 1024 )) MiB |"
  done
done
