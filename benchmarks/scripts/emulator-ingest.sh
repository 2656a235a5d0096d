#!/usr/bin/env bash
# Ingest rate of the emulator: one upload of SIZE_MIB from curl on loopback, into the sink and
# onto disk, beside the disk's own write rate (dd with conv=fdatasync). Runs alternate between
# contenders, RUNS times each, each measured upload after a warm-up upload to the same emulator;
# prints one line per run (with the CPU use of curl and of the emulator during the upload) and a
# Markdown table of medians.
#
#   benchmarks/scripts/emulator-ingest.sh [SIZE_MIB=2048] [RUNS=3]
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZE_MIB=${1:-2048}
RUNS=${2:-3}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/emulator-ingest.XXXXXX")
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

./mvnw -B -q -pl upload-emulator -am install -DskipTests -DskipITs -Dspotless.check.skip=true >/dev/null
./mvnw -B -q -pl upload-emulator dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="upload-emulator/target/classes:$(cat "$WORK/cp.txt")"

head -c $((SIZE_MIB * 1024 * 1024)) /dev/urandom > "$WORK/file.mp4"
BYTES=$(stat -c %s "$WORK/file.mp4")

start_emulator() { # $1: extra option (--sink or nothing)
  rm -rf "$WORK/data"
  java -Xmx256m -cp "$CP" dev.graphupload.emulator.EmulatorMain --port 0 --data "$WORK/data" $1 \
    > "$WORK/emulator.out" 2> "$WORK/emulator.err" &
  EMULATOR_PID=$!
  for _ in $(seq 100); do grep -q listening "$WORK/emulator.out" 2>/dev/null && break; sleep 0.1; done
  BASE=$(sed -E 's/.* on (http[^ ]+) .*/\1/' "$WORK/emulator.out")
  curl_upload > /dev/null; curl_upload > /dev/null # warm-up: the JIT compiles the hot path first
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

curl_upload() { # prints "bytes-per-second curl-cpu-% emulator-cpu-%"
  local id before after start end speed curl_cpu hz
  hz=$(getconf CLK_TCK)
  id=$(curl -sS -X POST "$BASE/v24.0/1234567890/uploads?file_name=file.mp4&file_length=$BYTES&file_type=video/mp4" \
    -H "Authorization: OAuth emulator-token" | sed -E 's/.*"id":"([^"]+)".*/\1/')
  before=$(cpu_ticks "$EMULATOR_PID")
  start=$(date +%s.%N)
  # the child's user+system CPU seconds come from bash's time, on stderr
  { TIMEFORMAT='%U %S'; time curl -sS -o /dev/null -w '%{speed_upload}' -X POST -T "$WORK/file.mp4" \
      "$BASE/v24.0/$id" -H "Authorization: OAuth emulator-token" -H "file_offset: 0" > "$WORK/speed"; } 2> "$WORK/curl.cpu"
  end=$(date +%s.%N)
  after=$(cpu_ticks "$EMULATOR_PID")
  speed=$(cat "$WORK/speed")
  awk -v sp="$speed" -v c="$(cat "$WORK/curl.cpu")" -v b="$before" -v a="$after" -v hz="$hz" -v s="$start" -v e="$end" \
    'BEGIN { split(c, t, " "); w = e - s; printf "%s %.0f %.0f", sp, 100 * (t[1] + t[2]) / w, 100 * (a - b) / hz / w }'
}

dd_write() { # prints bytes per second
  local start end
  start=$(date +%s.%N)
  dd if="$WORK/file.mp4" of="$WORK/dd.out" bs=1M conv=fdatasync status=none
  end=$(date +%s.%N)
  rm -f "$WORK/dd.out"
  awk -v b="$BYTES" -v s="$start" -v e="$end" 'BEGIN { printf "%.0f", b / (e - s) }'
}

mib() { awk -v v="$1" 'BEGIN { printf "%.0f", v / 1048576 }'; }

declare -A RESULTS CPU
for run in $(seq "$RUNS"); do
  start_emulator --sink; read -r speed curl_cpu emu_cpu <<< "$(curl_upload)"
  kill $EMULATOR_PID; wait $EMULATOR_PID 2>/dev/null || true
  RESULTS[sink]+="$speed "; CPU[sink]+="curl ${curl_cpu}% emulator ${emu_cpu}%; "
  start_emulator ""; read -r dspeed dcurl_cpu demu_cpu <<< "$(curl_upload)"
  kill $EMULATOR_PID; wait $EMULATOR_PID 2>/dev/null || true
  RESULTS[disk]+="$dspeed "; CPU[disk]+="curl ${dcurl_cpu}% emulator ${demu_cpu}%; "
  ddspeed=$(dd_write); RESULTS[dd]+="$ddspeed "
  echo "run $run: sink $(mib "$speed") MiB/s (curl CPU ${curl_cpu}%, emulator CPU ${emu_cpu}%)," \
    "disk $(mib "$dspeed") MiB/s (curl CPU ${dcurl_cpu}%, emulator CPU ${demu_cpu}%), dd $(mib "$ddspeed") MiB/s" >&2
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
min() { tr ' ' '\n' | grep -v '^$' | sort -g | head -1; }
max() { tr ' ' '\n' | grep -v '^$' | sort -g | tail -1; }

echo "| contender | median MiB/s | min | max |"
echo "|---|---|---|---|"
for k in sink disk dd; do
  label=$k
  [ "$k" = sink ] && label="curl → emulator, sink mode"
  [ "$k" = disk ] && label="curl → emulator, disk mode"
  [ "$k" = dd ] && label="disk itself: dd conv=fdatasync"
  echo "| $label | $(mib "$(echo "${RESULTS[$k]}" | median)") | $(mib "$(echo "${RESULTS[$k]}" | min)") | $(mib "$(echo "${RESULTS[$k]}" | max)") |"
done
