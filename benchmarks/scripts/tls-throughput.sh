#!/usr/bin/env bash
# One large upload over HTTPS on loopback into the emulator's sink (--tls, its own CA): curl
# --cacert -T beside GraphUploader with the JDK transport, the Netty transport with OpenSSL
# (netty-tcnative-boringssl-static) and the Netty transport with the JDK's TLS; each upload its own
# process with -Xmx64m (peak RSS reported), for each size, contenders alternating, RUNS times each.
#
#   benchmarks/scripts/tls-throughput.sh [SIZES_MIB="64 1024"] [RUNS=3]
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZES=${1:-"64 1024"}
RUNS=${2:-3}
CONTENDERS="jdk netty netty-jdk-tls"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tls-throughput.XXXXXX")
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

./mvnw -B -q -pl benchmarks -am install -DskipTests -DskipITs -Dspotless.check.skip=true >/dev/null
./mvnw -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="benchmarks/target/classes:$(cat "$WORK/cp.txt")"

java -Xmx256m -cp "$CP" dev.graphupload.emulator.EmulatorMain --port 0 --sink --tls > "$WORK/emulator.out" 2> "$WORK/emulator.err" &
for _ in $(seq 100); do grep -q listening "$WORK/emulator.out" 2>/dev/null && break; sleep 0.1; done
BASE=$(sed -E 's/.* on (https[^ ]+) .*/\1/' "$WORK/emulator.out")
CA=$(sed -E 's/.*ca-cert=([^ ]+).*/\1/' "$WORK/emulator.out")

curl_upload() { # $1 file, prints bytes per second
  local id bytes
  bytes=$(stat -c %s "$1")
  id=$(curl -sS --cacert "$CA" -X POST "$BASE/v24.0/1234567890/uploads?file_name=file.mp4&file_length=$bytes&file_type=video/mp4" \
    -H "Authorization: OAuth emulator-token" | sed -E 's/.*"id":"([^"]+)".*/\1/')
  curl -sS --cacert "$CA" -o /dev/null -w '%{speed_upload}' -X POST -T "$1" "$BASE/v24.0/$id" \
    -H "Authorization: OAuth emulator-token" -H "file_offset: 0"
}
ours() { # $1 contender, $2 file; prints "bytes-per-second peak-rss-kib"
  java -Xmx64m -Dca="$CA" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" dev.graphupload.benchmarks.UploadOnce \
    "$BASE" 1234567890 emulator-token "$2" "$1" whole 1 2>/dev/null \
    | sed -E 's/.*"bytesPerSecond":([0-9.]+),"peakRssKiB":([0-9]+).*/\1 \2/'
}
mib() { awk -v v="$1" 'BEGIN { printf "%.0f", v / 1048576 }'; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "| size | contender | median MiB/s | vs curl | peak RSS (median, -Xmx64m) |"
echo "|---|---|---|---|---|"
for size in $SIZES; do
  file="$WORK/file-$size.mp4"
  { printf '\x00\x00\x00\x20ftypisom'; head -c $((size * 1048576 - 12)) /dev/urandom; } > "$file"
  curl_upload "$file" > /dev/null # warm the emulator up
  declare -A RATE=() RSS=()
  for run in $(seq "$RUNS"); do
    line="$size MiB run $run: curl $(mib "$(curl_upload "$file" | tee "$WORK/c")") MiB/s"
    RATE[curl]+="$(cat "$WORK/c") "
    for c in $CONTENDERS; do
      read -r rate rss <<< "$(ours "$c" "$file")"
      RATE[$c]+="$rate "; RSS[$c]+="$rss "
      line+=", $c $(mib "$rate") MiB/s (peak RSS $((rss / 1024)) MiB)"
    done
    echo "$line" >&2
  done
  curl_median=$(echo "${RATE[curl]}" | median)
  echo "| $size MiB | curl --cacert -T | $(mib "$curl_median") | 1.00 | — |"
  for c in $CONTENDERS; do
    case $c in
      jdk) label="JDK transport";;
      netty) label="Netty transport, OpenSSL";;
      netty-jdk-tls) label="Netty transport, the JDK's TLS";;
    esac
    m=$(echo "${RATE[$c]}" | median)
    echo "| $size MiB | $label | $(mib "$m") | $(awk -v a="$m" -v b="$curl_median" 'BEGIN { printf "%.2f", a / b }') | $(( $(echo "${RSS[$c]}" | median) / 1024 )) MiB |"
  done
  rm -f "$file"
done
