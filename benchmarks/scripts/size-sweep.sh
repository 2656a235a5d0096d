#!/usr/bin/env bash
# Throughput, CPU time and peak RSS of one upload per contender, for files of growing size, into
# the emulator's sink on loopback: curl (--data-binary and -T), a plain JDK HttpClient upload with
# BodyPublishers.ofFile, and GraphUploader with each transport and each chunk policy. Every
# contender runs as its own process under /usr/bin/time; runs alternate, RUNS times each.
# Prints a Markdown table of medians (min–max) and writes the medians as CSV to $SWEEP_CSV.
#
#   benchmarks/scripts/size-sweep.sh [SIZES_MIB="1 64 1024 4096"] [RUNS=3]
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZES=${1:-"1 64 1024 4096"}
RUNS=${2:-3}
SWEEP_CSV=${SWEEP_CSV:-/dev/null}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/size-sweep.XXXXXX")
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian: time)" >&2; exit 2; }

./mvnw -B -q -pl benchmarks -am install -DskipTests -DskipITs -Dspotless.check.skip=true >/dev/null
./mvnw -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="benchmarks/target/classes:$(cat "$WORK/cp.txt")"

java -Xmx512m -cp "$CP" dev.graphupload.emulator.EmulatorMain --port 0 --sink > "$WORK/emulator.out" 2> "$WORK/emulator.err" &
for _ in $(seq 100); do grep -q listening "$WORK/emulator.out" 2>/dev/null && break; sleep 0.1; done
BASE=$(sed -E 's/.* on (http[^ ]+) .*/\1/' "$WORK/emulator.out")
AUTH="Authorization: OAuth emulator-token"

CONTENDERS="curl-data-binary curl-T plain-httpclient jdk-whole jdk-8MiB jdk-auto netty-whole netty-8MiB netty-auto"

create() { curl -sS -X POST "$BASE/v24.0/1234567890/uploads?file_name=f.mp4&file_length=$1&file_type=video/mp4" -H "$AUTH" | sed -E 's/.*"id":"([^"]+)".*/\1/'; }

run() { # $1 contender, $2 file; prints "MiB/s cpu-seconds rss-MiB"
  local file=$2 bytes id rate
  bytes=$(stat -c %s "$file")
  case $1 in
    curl-data-binary) id=$(create "$bytes")
      rate=$(/usr/bin/time -f '%U %S %M' -o "$WORK/t" curl -sS -o /dev/null -w '%{speed_upload}' -X POST --data-binary "@$file" "$BASE/v24.0/$id" -H "$AUTH" -H "file_offset: 0");;
    curl-T) id=$(create "$bytes")
      rate=$(/usr/bin/time -f '%U %S %M' -o "$WORK/t" curl -sS -o /dev/null -w '%{speed_upload}' -X POST -T "$file" "$BASE/v24.0/$id" -H "$AUTH" -H "file_offset: 0");;
    plain-httpclient)
      rate=$(/usr/bin/time -f '%U %S %M' -o "$WORK/t" java -Xmx64m -cp "$CP" dev.graphupload.benchmarks.PlainUpload "$BASE" 1234567890 emulator-token "$file" | sed -E 's/.*"bytesPerSecond":([0-9.]+).*/\1/');;
    *) local transport=${1%%-*} chunking=${1#*-}
      [ "$chunking" = 8MiB ] && chunking=8388608
      rate=$(/usr/bin/time -f '%U %S %M' -o "$WORK/t" java -Xmx64m -cp "$CP" dev.graphupload.benchmarks.UploadOnce "$BASE" 1234567890 emulator-token "$file" "$transport" "$chunking" 2>/dev/null | sed -E 's/.*"bytesPerSecond":([0-9.]+).*/\1/');;
  esac
  awk -v r="$rate" -v t="$(tail -1 "$WORK/t")" 'BEGIN { split(t, a, " "); printf "%.1f %.2f %.0f", r / 1048576, a[1] + a[2], a[3] / 1024 }'
}

stats() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {printf "%s %s %s", a[int((NR+1)/2)], a[1], a[NR]}'; }

declare -A RATE CPU RSS
for size in $SIZES; do
  file="$WORK/f-$size.mp4"
  printf '\x00\x00\x00\x20ftypisom' > "$file"
  head -c $((size * 1024 * 1024 - 12)) /dev/urandom >> "$file"
  run curl-T "$file" > /dev/null # warm the emulator
  for r in $(seq "$RUNS"); do
    for c in $CONTENDERS; do
      if [ "$c" = curl-data-binary ] && [ "$size" -ge 1024 ]; then
        continue # curl --data-binary holds the whole file in memory; from 1 GiB on it runs out
      fi
      read -r rate cpu rss <<< "$(run "$c" "$file")"
      RATE[$c,$size]+="$rate "; CPU[$c,$size]+="$cpu "; RSS[$c,$size]+="$rss "
      echo "size $size MiB run $r $c: $rate MiB/s, cpu $cpu s, peak RSS $rss MiB" >&2
    done
  done
  rm -f "$file"
done

echo "| contender | file | MiB/s median (min–max) | CPU s median | peak RSS median |"
echo "|---|---|---|---|---|"
echo "contender,sizeMiB,mibPerSecond,rssMiB" > "$SWEEP_CSV"
for size in $SIZES; do
  for c in $CONTENDERS; do
    if [ -z "${RATE[$c,$size]:-}" ]; then
      echo "| $c | $size MiB | not run: curl --data-binary holds the whole file in memory and fails with 'out of memory' from 1 GiB on | — | — |"
      continue
    fi
    read -r rm rmin rmax <<< "$(echo "${RATE[$c,$size]}" | stats)"
    read -r cm _ _ <<< "$(echo "${CPU[$c,$size]}" | stats)"
    read -r sm _ _ <<< "$(echo "${RSS[$c,$size]}" | stats)"
    echo "| $c | $size MiB | $rm ($rmin–$rmax) | $cm | $sm MiB |"
    echo "$c,$size,$rm,$sm" >> "$SWEEP_CSV"
  done
done
