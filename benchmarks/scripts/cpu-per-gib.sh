#!/usr/bin/env bash
# CPU per gigabyte: one file sent into the emulator's sink by a fresh process, whole process
# (start-up and JIT included), curl -T beside the command through its launcher and beside the
# library in a JVM with default flags (UploadOnce, -Xmx64m), each transport. For each: user and
# system CPU of the sending process (/usr/bin/time), the emulator's CPU over the same upload (/proc),
# and the rate over the process's whole wall time. Contenders alternate, RUNS times each; medians.
#
#   benchmarks/scripts/cpu-per-gib.sh [SIZES_MIB="1024 4096"] [RUNS=3]
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZES=${1:-"1024 4096"}
RUNS=${2:-3}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cpu-per-gib.XXXXXX")
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian: time)" >&2; exit 2; }

./mvnw -B -q -pl benchmarks -am install -DskipTests -DskipITs -Dspotless.check.skip=true >/dev/null
./mvnw -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="benchmarks/target/classes:$(cat "$WORK/cp.txt")"

java -Xmx512m -cp "$CP" dev.graphupload.emulator.EmulatorMain --port 0 --sink > "$WORK/emulator.out" 2> "$WORK/emulator.err" &
EMULATOR=$!
for _ in $(seq 100); do grep -q listening "$WORK/emulator.out" 2>/dev/null && break; sleep 0.1; done
BASE=$(sed -E 's/.* on (http[^ ]+) .*/\1/' "$WORK/emulator.out")
export GRAPH_ACCESS_TOKEN=emulator-token
TICKS=$(getconf CLK_TCK)

emulator_ticks() { awk '{ print $14 + $15 }' "/proc/$EMULATOR/stat"; }
send() { # $1 contender, $2 file
  case $1 in
    curl) local id
      id=$(curl -sS -X POST "$BASE/v24.0/1234567890/uploads?file_name=f.mp4&file_length=$(stat -c %s "$2")&file_type=video/mp4" \
        -H "Authorization: OAuth emulator-token" | sed -E 's/.*"id":"([^"]+)".*/\1/')
      /usr/bin/time -f '%U %S' -o "$WORK/t" curl -sS -o /dev/null -X POST -T "$2" "$BASE/v24.0/$id" \
        -H "Authorization: OAuth emulator-token" -H "file_offset: 0";;
    command-*) rm -rf "$WORK/store"
      /usr/bin/time -f '%U %S' -o "$WORK/t" upload-cli/graph-upload upload --base-url "$BASE" \
        --app-id 1234567890 --quiet --transport "${1#command-}" --store "$WORK/store" "$2" > /dev/null;;
    library-*)
      /usr/bin/time -f '%U %S' -o "$WORK/t" java -Xmx64m -cp "$CP" dev.graphupload.benchmarks.UploadOnce \
        "$BASE" 1234567890 emulator-token "$2" "${1#library-}" whole > /dev/null 2>&1;;
  esac
}
measure() { # prints "user system emulator-cpu MiB/s"
  local before after start end
  before=$(emulator_ticks); start=$(date +%s%N)
  send "$1" "$2"
  end=$(date +%s%N); after=$(emulator_ticks)
  awk -v t="$(tail -1 "$WORK/t")" -v e=$(( after - before )) -v hz="$TICKS" -v ns=$(( end - start )) \
    -v b="$(stat -c %s "$2")" 'BEGIN { split(t, a, " "); printf "%.2f %.2f %.2f %.0f", a[1], a[2], e / hz, b / 1048576 / (ns / 1e9) }'
}
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
label() {
  case $1 in
    curl) echo "curl -T";;
    command-*) echo "the command, ${1#command-} transport (launcher)";;
    library-*) echo "the library, ${1#library-} transport (default JVM flags)";;
  esac
}

CONTENDERS="curl command-jdk command-netty library-jdk library-netty"
declare -A USER SYS EMU RATE
for size in $SIZES; do
  file="$WORK/f.mp4"
  printf '\x00\x00\x00\x20ftypisom' > "$file"
  head -c $((size * 1024 * 1024 - 12)) /dev/urandom >> "$file"
  measure curl "$file" > /dev/null # the page cache and the emulator warm
  for r in $(seq "$RUNS"); do
    for c in $CONTENDERS; do
      read -r u s e rate <<< "$(measure "$c" "$file")"
      USER[$c,$size]+="$u "; SYS[$c,$size]+="$s "; EMU[$c,$size]+="$e "; RATE[$c,$size]+="$rate "
      echo "size $size MiB run $r $c: user $u s, system $s s, emulator $e s, $rate MiB/s" >&2
    done
  done
  rm -f "$file"
done

echo "| contender | file | user s | system s | CPU s per GiB | × curl's CPU | emulator CPU s | MiB/s, whole process | × curl's rate |"
echo "|---|---|---|---|---|---|---|---|---|"
for size in $SIZES; do
  cu=$(echo "${USER[curl,$size]}" | median); cs=$(echo "${SYS[curl,$size]}" | median)
  cr=$(echo "${RATE[curl,$size]}" | median)
  for c in $CONTENDERS; do
    u=$(echo "${USER[$c,$size]}" | median); s=$(echo "${SYS[$c,$size]}" | median)
    e=$(echo "${EMU[$c,$size]}" | median); rate=$(echo "${RATE[$c,$size]}" | median)
    label=$(label "$c")
    awk -v l="$label" -v z="$size" -v u="$u" -v s="$s" -v cu="$cu" -v cs="$cs" -v e="$e" -v r="$rate" -v cr="$cr" \
      'BEGIN { printf "| %s | %d MiB | %.2f | %.2f | %.2f | %.2f | %.2f | %.0f | %.2f |\n", l, z, u, s, (u + s) * 1024 / z, (u + s) / (cu + cs), e, r, r / cr }'
  done
done

# what each further gigabyte costs, start-up and warm-up set aside: the slope between the two sizes
set -- $SIZES
if [ $# -ge 2 ]; then
  small=$1; big=${!#}
  echo
  echo "| contender | CPU s per further GiB (${small} → ${big} MiB) | × curl's |"
  echo "|---|---|---|"
  slope() { # $1 contender
    awk -v u1="$(echo "${USER[$1,$small]}" | median)" -v s1="$(echo "${SYS[$1,$small]}" | median)" \
      -v u2="$(echo "${USER[$1,$big]}" | median)" -v s2="$(echo "${SYS[$1,$big]}" | median)" \
      -v a="$small" -v b="$big" 'BEGIN { printf "%.2f", (u2 + s2 - u1 - s1) * 1024 / (b - a) }'
  }
  curl_slope=$(slope curl)
  for c in $CONTENDERS; do
    s=$(slope "$c")
    echo "| $(label "$c") | $s | $(awk -v a="$s" -v b="$curl_slope" 'BEGIN { printf "%.2f", a / b }') |"
  done
fi
