#!/usr/bin/env bash
# Start-up: one 200 KB PNG uploaded by a fresh command process, beside what bounds it from below.
# Contenders alternate, RUNS times each, against one emulator (sink) on loopback; wall time of the
# whole process (or of curl's two calls), median:
#   hello     a bare JVM printing a line: the floor of any Java command
#   launcher  upload-cli/graph-upload (class-data-sharing archive, serial GC, quick compiler)
#   jar       java -jar upload-cli/target/graph-upload.jar: the same command without the launcher
#   curl      curl creating the session, then sending the file
# and, when a JDK 25 or newer is found ($JAVA25_HOME, else /usr/lib/jvm/*25*), the same hello and
# launcher on it: the launcher then maps the ahead-of-time cache the build makes with that JDK.
#
#   benchmarks/scripts/startup.sh [RUNS=10]
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-10}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/startup.XXXXXX")
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

JAVA25=${JAVA25_HOME:-$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)}
[ -x "$JAVA25/bin/java" ] || JAVA25=""
./mvnw -B -q -pl benchmarks -am install -DskipTests -DskipITs -Dspotless.check.skip=true \
  ${JAVA25:+-Daot.java=$JAVA25/bin/java} >/dev/null
./mvnw -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="benchmarks/target/classes:$(cat "$WORK/cp.txt")"

printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' > "$WORK/Hello.java"
javac -d "$WORK" "$WORK/Hello.java"
printf '\x89PNG\r\n\x1a\n' > "$WORK/pic.png"
head -c 199992 /dev/urandom >> "$WORK/pic.png"
BYTES=$(stat -c %s "$WORK/pic.png")

java -Xmx256m -cp "$CP" dev.graphupload.emulator.EmulatorMain --port 0 --sink > "$WORK/emulator.out" 2> "$WORK/emulator.err" &
for _ in $(seq 100); do grep -q listening "$WORK/emulator.out" 2>/dev/null && break; sleep 0.1; done
BASE=$(sed -E 's/.* on (http[^ ]+) .*/\1/' "$WORK/emulator.out")
export GRAPH_ACCESS_TOKEN=emulator-token # not --token: the command warns of a token in its arguments
ARGS=(upload --base-url "$BASE" --app-id 1234567890 --quiet)

millis() { # runs "$@", prints its wall time in milliseconds
  local start end
  start=$(date +%s%N)
  "$@" > /dev/null
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}
hello() { java -cp "$WORK" Hello; }
launcher() { upload-cli/graph-upload "${ARGS[@]}" --store "$WORK/store-l-$1" "$WORK/pic.png"; }
hello25() { "$JAVA25/bin/java" -cp "$WORK" Hello; }
launcher25() { JAVA_HOME=$JAVA25 upload-cli/graph-upload "${ARGS[@]}" --store "$WORK/store-m-$1" "$WORK/pic.png"; }
CONTENDERS="hello launcher jar curl_both${JAVA25:+ hello25 launcher25}"
jar() { java -jar upload-cli/target/graph-upload.jar "${ARGS[@]}" --store "$WORK/store-j-$1" "$WORK/pic.png"; }
curl_both() {
  local id
  id=$(curl -sS -X POST "$BASE/v24.0/1234567890/uploads?file_name=pic.png&file_length=$BYTES&file_type=image/png" \
    -H "Authorization: OAuth emulator-token" | sed -E 's/.*"id":"([^"]+)".*/\1/')
  curl -sS -o /dev/null -X POST --data-binary @"$WORK/pic.png" "$BASE/v24.0/$id" \
    -H "Authorization: OAuth emulator-token" -H "file_offset: 0"
}

launcher warm-up > /dev/null; jar warm-up > /dev/null; curl_both # the emulator and the page cache warm
[ -z "$JAVA25" ] || launcher25 warm-up > /dev/null
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A MS
for run in $(seq "$RUNS"); do
  line="run $run:"
  for c in $CONTENDERS; do
    ms=$(millis "$c" "$run")
    MS[$c]+="$ms "
    line+=" $c ${ms} ms"
  done
  echo "$line" >&2
done
hello_ms=$(echo "${MS[hello]}" | median)
hello25_ms=$(echo "${MS[hello25]:-0}" | median)
curl_ms=$(echo "${MS[curl_both]}" | median)
echo "| contender | median wall time | × a bare JVM's hello | × curl's two calls |"
echo "|---|---|---|---|"
for c in $CONTENDERS; do
  m=$(echo "${MS[$c]}" | median)
  floor=$hello_ms
  case $c in
    hello) label="bare JVM printing hello (the floor)";;
    launcher) label="\`upload-cli/graph-upload upload pic.png\` (the launcher)";;
    jar) label="\`java -jar upload-cli/target/graph-upload.jar upload pic.png\`";;
    curl_both) label="curl: create the session, send the file";;
    hello25) label="bare JVM printing hello, Java $("$JAVA25/bin/java" -version 2>&1 | head -1 | sed -E 's/.*"([0-9]+)[^"]*".*/\1/')"; floor=$hello25_ms;;
    launcher25) label="the launcher on Java 25 (ahead-of-time cache)"; floor=$hello25_ms;;
  esac
  echo "| $label | $m ms | $(awk -v a="$m" -v b="$floor" 'BEGIN { printf "%.1f", a / b }') | $(awk -v a="$m" -v b="$curl_ms" 'BEGIN { printf "%.1f", a / b }') |"
done
