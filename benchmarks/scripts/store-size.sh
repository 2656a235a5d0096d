#!/usr/bin/env bash
# A store used for long: the command's status, sessions and one upload's start against a file
# store of RECORDS records (other files' uploads) beside an empty one. Contenders alternate, RUNS
# times each, against one emulator (sink) on loopback; wall time of the whole process, median.
#   status    graph-upload status FILE, for a file whose record is in the store
#   sessions  graph-upload sessions (it lists every record: it grows with them by nature)
#   upload    graph-upload upload of a new 200 KB file: the store is opened, locked, read, written
#
#   benchmarks/scripts/store-size.sh [RECORDS=10000] [RUNS=5]
set -euo pipefail
cd "$(dirname "$0")/../.."
RECORDS=${1:-10000}
RUNS=${2:-5}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/store-size.XXXXXX")
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

./mvnw -B -q -pl benchmarks -am install -DskipTests -DskipITs -Dspotless.check.skip=true >/dev/null
./mvnw -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="benchmarks/target/classes:$(cat "$WORK/cp.txt")"

java -Xmx256m -cp "$CP" dev.graphupload.emulator.EmulatorMain --port 0 --sink > "$WORK/emulator.out" 2> "$WORK/emulator.err" &
for _ in $(seq 100); do grep -q listening "$WORK/emulator.out" 2>/dev/null && break; sleep 0.1; done
BASE=$(sed -E 's/.* on (http[^ ]+) .*/\1/' "$WORK/emulator.out")
export GRAPH_ACCESS_TOKEN=emulator-token
COMMON=(--base-url "$BASE" --app-id 1234567890)

mkdir -p "$WORK/empty" "$WORK/full"
java -Xmx256m -cp "$CP" dev.graphupload.benchmarks.StoreFill "$WORK/full" "$RECORDS"
echo "filled: $(find "$WORK/full" -type f | wc -l) files in the full store" >&2
pic() { printf '\x89PNG\r\n\x1a\n' > "$1"; head -c 199992 /dev/urandom >> "$1"; }
pic "$WORK/known.png"
for s in empty full; do
  upload-cli/graph-upload upload "${COMMON[@]}" --quiet --store "$WORK/$s" "$WORK/known.png" > /dev/null
done

millis() { # runs "$@", prints its wall time in milliseconds
  local start end
  start=$(date +%s%N)
  "$@" > /dev/null
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}
status() { upload-cli/graph-upload status "${COMMON[@]}" --store "$WORK/$1" "$WORK/known.png"; }
sessions() { upload-cli/graph-upload sessions --store "$WORK/$1"; }
upload() { pic "$WORK/new-$1-$2.png"; upload-cli/graph-upload upload "${COMMON[@]}" --quiet --store "$WORK/$1" "$WORK/new-$1-$2.png"; }

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A MS
for run in $(seq "$RUNS"); do
  line="run $run:"
  for c in status sessions upload; do
    for s in empty full; do
      ms=$(millis "$c" "$s" "$run")
      MS[$c-$s]+="$ms "
      line+=" $c/$s ${ms} ms"
    done
  done
  echo "$line" >&2
done

echo "| command | empty store | ${RECORDS} records | full ÷ empty |"
echo "|---|---|---|---|"
for c in status sessions upload; do
  e=$(echo "${MS[$c-empty]}" | median); f=$(echo "${MS[$c-full]}" | median)
  printf '| %s | %s ms | %s ms | %s |\n' "$c" "$e" "$f" "$(awk -v a="$f" -v b="$e" 'BEGIN { printf "%.2f", a / b }')"
done
