#!/usr/bin/env bash
# Where a large upload's CPU goes: a fresh process sends a file into the emulator's sink under
# async-profiler (CPU samples every millisecond, Java, JVM and kernel frames together, per thread),
# for each transport, through the command's launcher and through the library in a JVM with default
# flags; then the command's start-up, one 200 KB file through the launcher with each transport;
# then 1,000 small uploads at once through one uploader, ten rounds in one process (ManyUploads,
# whose line for the tenth round goes to standard error as "many TRANSPORT: {...}").
# Each profile becomes a flame graph, docs/profile-NAME.png, and a row of the table this
# prints: the share of samples by kind (JIT compilation, class loading, the kernel's sendfile, the
# Netty pipeline, ...; the kinds are FlameGraph's). async-profiler is fetched from Maven Central.
#
#   benchmarks/scripts/profile.sh [SIZES_MIB="1024 4096"] [OUT_DIR=docs]
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZES=${1:-"1024 4096"}
OUT=${2:-docs}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/profile.XXXXXX")
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
PROFILER=tools.profiler:async-profiler:4.2:jar:linux-x64

./mvnw -B -q -pl benchmarks -am install -DskipTests -DskipITs -Dspotless.check.skip=true >/dev/null
./mvnw -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
./mvnw -B -q -pl benchmarks dependency:copy -Dartifact="$PROFILER" -DoutputDirectory="$WORK" >/dev/null
(cd "$WORK" && unzip -q -o async-profiler-*.jar 'linux-x64/*')
AGENT="$WORK/linux-x64/libasyncProfiler.so"
CP="benchmarks/target/classes:$(cat "$WORK/cp.txt")"

java -Xmx512m -cp "$CP" dev.graphupload.emulator.EmulatorMain --port 0 --sink > "$WORK/emulator.out" 2> "$WORK/emulator.err" &
for _ in $(seq 100); do grep -q listening "$WORK/emulator.out" 2>/dev/null && break; sleep 0.1; done
BASE=$(sed -E 's/.* on (http[^ ]+) .*/\1/' "$WORK/emulator.out")
export GRAPH_ACCESS_TOKEN=emulator-token

agent() { echo "-agentpath:$AGENT=start,event=cpu,interval=1ms,threads,file=$1,collapsed"; }
first=yes
row() { # STACKS NAME TITLE LABEL: the flame graph, and the table's row (its head first, once)
  java -cp "$CP" dev.graphupload.benchmarks.FlameGraph "$1" "$OUT/profile-$2.png" "$3" "$4" > "$WORK/row"
  [ "$first" = yes ] && head -2 "$WORK/row" && first=no
  tail -1 "$WORK/row"
  echo "profiled $2" >&2
}
for size in $SIZES; do
  file="$WORK/f.mp4"
  printf '\x00\x00\x00\x20ftypisom' > "$file"
  head -c $((size * 1024 * 1024 - 12)) /dev/urandom >> "$file"
  for transport in netty jdk; do
    for how in command library; do
      name="$how-$transport-${size}mib"
      stacks="$WORK/$name.collapsed"
      if [ "$how" = command ]; then
        rm -rf "$WORK/store"
        GRAPH_UPLOAD_JAVA_OPTS="$(agent "$stacks")" upload-cli/graph-upload upload --base-url "$BASE" \
          --app-id 1234567890 --quiet --transport "$transport" --store "$WORK/store" "$file" > /dev/null
        title="The command (launcher), $transport transport, $size MiB"
      else
        java "$(agent "$stacks")" -Xmx64m -cp "$CP" dev.graphupload.benchmarks.UploadOnce \
          "$BASE" 1234567890 emulator-token "$file" "$transport" whole > /dev/null 2>&1
        title="The library (default JVM flags), $transport transport, $size MiB"
      fi
      row "$stacks" "$name" "$title" "[$how, $transport, $size MiB](profile-$name.png)"
    done
  done
  rm -f "$file"
done

# the start-up: a small file, so that the process's own start is nearly all of the run
file="$WORK/pic.png"
printf '\x89PNG\r\n\x1a\n' > "$file"
head -c 199992 /dev/urandom >> "$file"
for transport in jdk netty; do
  name="command-$transport-200kb"
  stacks="$WORK/$name.collapsed"
  rm -rf "$WORK/store"
  GRAPH_UPLOAD_JAVA_OPTS="$(agent "$stacks")" upload-cli/graph-upload upload --base-url "$BASE" \
    --app-id 1234567890 --quiet --transport "$transport" --store "$WORK/store" "$file" > /dev/null
  row "$stacks" "$name" "The command (launcher), $transport transport, one 200 KB file: the start-up" \
    "[command, $transport, 200 KB (start-up)](profile-$name.png)"
done

# many small uploads at once: where the CPU per upload goes, the JIT's share over ten rounds
for transport in netty jdk; do
  name="library-$transport-1000-small"
  stacks="$WORK/$name.collapsed"
  java "$(agent "$stacks")" -Xmx256m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" \
    dev.graphupload.benchmarks.ManyUploads "$BASE" 1234567890 emulator-token "$transport" 1000 \
    "$WORK/small" 10 > "$WORK/many.json" 2> /dev/null
  echo "many $transport: $(grep '^{' "$WORK/many.json")" >&2
  row "$stacks" "$name" "The library, 1,000 small uploads at once, ten rounds, $transport transport" \
    "[library, $transport, 1,000 small uploads, ten rounds](profile-$name.png)"
done
