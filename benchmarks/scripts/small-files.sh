#!/usr/bin/env bash
# Many small files from the command line: COUNT files of 32 KiB uploaded by one command process
# (--parallel 32, each transport) beside curl doing the same (create the session, send the file,
# per file, 32 at a time through xargs -P 32), against one emulator (sink). Contenders alternate,
# RUNS times each; wall time, median. "× curl" is curl's time over ours: how many times faster.
#
#   benchmarks/scripts/small-files.sh [COUNT=600] [RUNS=3]
set -euo pipefail
cd "$(dirname "$0")/../.."
COUNT=${1:-600}
RUNS=${2:-3}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/small-files.XXXXXX")
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

./mvnw -B -q -pl benchmarks -am install -DskipTests -DskipITs -Dspotless.check.skip=true >/dev/null
./mvnw -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="benchmarks/target/classes:$(cat "$WORK/cp.txt")"

mkdir -p "$WORK/files"
for i in $(seq "$COUNT"); do
  { printf '\x00\x00\x00\x20ftypisom'; head -c $((32768 - 12)) /dev/urandom; } > "$WORK/files/clip-$i.mp4"
done

java -Xmx512m -cp "$CP" dev.graphupload.emulator.EmulatorMain --port 0 --sink > "$WORK/emulator.out" 2> "$WORK/emulator.err" &
for _ in $(seq 100); do grep -q listening "$WORK/emulator.out" 2>/dev/null && break; sleep 0.1; done
BASE=$(sed -E 's/.* on (http[^ ]+) .*/\1/' "$WORK/emulator.out")
export GRAPH_ACCESS_TOKEN=emulator-token # not --token: the command warns of a token in its arguments

cat > "$WORK/curl-one.sh" <<CURL
#!/usr/bin/env sh
id=\$(curl -sS -X POST "$BASE/v24.0/1234567890/uploads?file_name=\$(basename "\$1")&file_length=32768&file_type=video/mp4" \
  -H "Authorization: OAuth emulator-token" | sed -E 's/.*"id":"([^"]+)".*/\1/')
curl -sS -o /dev/null -X POST --data-binary @"\$1" "$BASE/v24.0/\$id" -H "Authorization: OAuth emulator-token" -H "file_offset: 0"
CURL
chmod +x "$WORK/curl-one.sh"

seconds() { # runs "$@", prints its wall time in seconds
  local start end
  start=$(date +%s%N)
  "$@" > /dev/null
  end=$(date +%s%N)
  awk -v n=$(( end - start )) 'BEGIN { printf "%.3f", n / 1e9 }'
}
ours() { # $1 transport, $2 run
  upload-cli/graph-upload upload --base-url "$BASE" --app-id 1234567890 --quiet \
    --parallel 32 --transport "$1" --store "$WORK/store-$1-$2" "$WORK"/files/*.mp4
}
curls() { find "$WORK/files" -name '*.mp4' -print0 | xargs -0 -P 32 -n 1 "$WORK/curl-one.sh"; }
check() { # every file got a handle: the command prints one line per file
  local n
  n=$(upload-cli/graph-upload upload --base-url "$BASE" --app-id 1234567890 --quiet \
    --parallel 32 --store "$WORK/store-check" "$WORK"/files/*.mp4 | grep -c .)
  [ "$n" = "$COUNT" ] || { echo "the command printed $n handles for $COUNT files" >&2; exit 1; }
}
check

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A S
for run in $(seq "$RUNS"); do
  S[curl]+="$(seconds curls) "
  S[jdk]+="$(seconds ours jdk "$run") "
  S[netty]+="$(seconds ours netty "$run") "
  echo "run $run: curl $(echo "${S[curl]}" | awk '{print $NF}') s, jdk $(echo "${S[jdk]}" | awk '{print $NF}') s, netty $(echo "${S[netty]}" | awk '{print $NF}') s" >&2
done
curl_s=$(echo "${S[curl]}" | median)
echo "| contender | $COUNT × 32 KiB, median | × curl (curl's time / this one's) |"
echo "|---|---|---|"
echo "| curl, create + send per file, \`xargs -P 32\` | $curl_s s | 1.0 |"
for t in jdk netty; do
  m=$(echo "${S[$t]}" | median)
  echo "| \`graph-upload upload --parallel 32 --transport $t\` (one process) | $m s | $(awk -v a="$curl_s" -v b="$m" 'BEGIN { printf "%.1f", a / b }') |"
done
