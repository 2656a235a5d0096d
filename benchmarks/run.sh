#!/usr/bin/env bash
# Every figure of the project, in one run, written to docs/BENCHMARKS.md with its plots.
# About 11 minutes on 2 cores. Needs a JDK 17+, curl and /usr/bin/time (Debian: time), and
# redis-benchmark (Debian: redis-tools) for the Redis section, which is skipped without it; run
# as root on Debian, it installs the missing ones.
#
#   benchmarks/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=docs/BENCHMARKS.md
WORK=$(mktemp -d "${TMPDIR:-/tmp}/benchmarks.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
# curl, /usr/bin/time and redis-benchmark come from Debian's packages; install them when we can
missing=""
command -v curl >/dev/null || missing+=" curl"
[ -x /usr/bin/time ] || missing+=" time"
command -v redis-benchmark >/dev/null || missing+=" redis-tools"
if [ -n "$missing" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing$missing" >&2
  apt-get update -qq >/dev/null && apt-get install -y -qq $missing >/dev/null || true
fi
command -v curl >/dev/null || { echo "benchmarks need curl" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "benchmarks need /usr/bin/time (Debian package: time)" >&2; exit 2; }
started=$(date +%s)

./mvnw -B -q -pl benchmarks -am install -DskipTests -DskipITs -Dspotless.check.skip=true >/dev/null
./mvnw -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="benchmarks/target/classes:$(cat "$WORK/cp.txt")"
step() { echo "[$(( $(date +%s) - started )) s] $*" >&2; }

step "size sweep";          SWEEP_CSV="$WORK/sweep.csv" benchmarks/scripts/size-sweep.sh "1 64 1024 4096" 3 > "$WORK/sweep.md" 2> "$WORK/sweep.log"
step "plots";               java -cp "$CP" dev.graphupload.benchmarks.Plots "$WORK/sweep.csv" docs
step "warm throughput";     TRANSPORTS="jdk netty" benchmarks/scripts/transport-throughput.sh 2048 3 > "$WORK/warm.md" 2> "$WORK/warm.log"
step "emulator ingest";     benchmarks/scripts/emulator-ingest.sh 2048 3 > "$WORK/ingest.md" 2> "$WORK/ingest.log"
step "resume";              java -Xmx256m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" dev.graphupload.benchmarks.ResumeBench 1024 > "$WORK/resume.md"
step "concurrency";         benchmarks/scripts/concurrency.sh "10 100 1000" 3 > "$WORK/concurrency.md" 2> "$WORK/concurrency.log"
if command -v redis-benchmark >/dev/null; then
  step "redis store";       benchmarks/scripts/redis-store.sh 20000 3 > "$WORK/redis.md" 2> "$WORK/redis.log"
else
  echo "redis-benchmark is not installed (Debian: redis-tools): this section was not measured." > "$WORK/redis.md"
fi
step "workers";             benchmarks/scripts/workers.sh 24 16 3 > "$WORK/workers.md" 2> "$WORK/workers.log"
step "jmh";                 java -Xmx512m -cp "$CP" dev.graphupload.benchmarks.MicroMain 2> "$WORK/jmh.log" | grep '^|' > "$WORK/jmh.md"
elapsed=$(( $(date +%s) - started ))

# ---- goals, read off the tables ----
median_of() { awk -F, -v c="$1" -v s="$2" '$1 == c && $2 == s { print $3 }' "$WORK/sweep.csv"; }
rss_of() { awk -F, -v c="$1" -v s="$2" '$1 == c && $2 == s { print $4 }' "$WORK/sweep.csv"; }
curl4=$(median_of curl-T 4096); netty4=$(median_of netty-whole 4096); jdk4=$(median_of jdk-whole 4096)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
warm_netty=$(grep 'netty transport (-Xmx64m), warm' "$WORK/warm.md" | awk -F'|' '{ gsub(/ /, "", $4); print $4 }')
warm_jdk=$(grep 'jdk transport (-Xmx64m), warm' "$WORK/warm.md" | awk -F'|' '{ gsub(/ /, "", $4); print $4 }')
verdict() { awk -v r="$1" 'BEGIN { print (r >= 1 ? "met" : "not met") }'; }
rss_small=$(rss_of netty-whole 64); rss_big=$(rss_of netty-whole 4096)
jrss_small=$(rss_of jdk-whole 64); jrss_big=$(rss_of jdk-whole 4096)
lost=$(awk -F'|' 'NR > 2 { gsub(/ /, "", $7); s += $7 } END { print s + 0 }' "$WORK/concurrency.md")
resent_ok=$(awk -F'|' 'NR > 2 { gsub(/ /, "", $7); n++; if ($7 == "yes") y++ } END { printf "%d of %d", y, n }' "$WORK/resume.md")
resent_max=$(awk -F'|' 'NR > 2 { gsub(/ /, "", $6); if ($6 + 0 > m) m = $6 + 0 } END { print m + 0 }' "$WORK/resume.md")

{
cat <<HEAD
# Benchmarks

Every figure below comes from one run of

\`\`\`bash
benchmarks/run.sh
\`\`\`

which took $(( elapsed / 60 )) min $(( elapsed % 60 )) s on this machine: $(nproc) vCPU ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)),
$(free -g | awk '/Mem:/ { print $2 }') GiB, Linux $(uname -r), $(java -version 2>&1 | head -1), $(curl --version | head -1 | cut -d' ' -f1-2).
Everything runs on loopback against the project's emulator. The machine is shared and noisy:
read ratios and medians. Each section's script can be run alone (see its header).

## Goals

| goal | measured | verdict |
|---|---|---|
| at least as fast as curl on one large file (4 GiB, fresh process) | Netty $(ratio "$netty4" "$curl4") × curl -T, JDK $(ratio "$jdk4" "$curl4") × | Netty $(verdict "$(ratio "$netty4" "$curl4")"), JDK $(verdict "$(ratio "$jdk4" "$curl4")") |
| at least as fast as curl on one large file (2 GiB, warm process) | Netty ${warm_netty} × curl -T, JDK ${warm_jdk} × | Netty $(verdict "${warm_netty:-0}"), JDK $(verdict "${warm_jdk:-0}") |
| memory flat in file size (64 MiB → 4 GiB, -Xmx64m) | Netty ${rss_small} → ${rss_big} MiB, JDK ${jrss_small} → ${jrss_big} MiB peak RSS | $(awk -v a="$rss_small" -v b="$rss_big" -v c="$jrss_small" -v d="$jrss_big" 'BEGIN { print (b <= a * 1.3 && d <= c * 1.3 ? "met" : "not met") }') |
| bytes re-sent on resume ≤ what the server had not confirmed | ${resent_ok} cuts re-sent no more than the bytes in flight the server never kept (at most ${resent_max} bytes of 1 GiB) | $(echo "$resent_ok" | awk '{ print ($1 == $3 ? "met" : "not met") }') |
| 1,000 concurrent uploads, none lost | ${lost} lost over all runs | $( [ "$lost" = 0 ] && echo met || echo "not met" ) |

## Throughput, CPU and memory against file size

Each contender uploads one file into the emulator's sink as its own process (ours with
\`-Xmx64m\`, timed from the start of the upload, so a fresh JVM's warm-up counts), under
\`/usr/bin/time\` for CPU time and peak RSS; contenders alternate, three runs each. curl
\`--data-binary @file\` reads the whole file into memory first; \`-T\` streams it.
\`plain-httpclient\` is what one might write without the library: the JDK \`HttpClient\` and
\`BodyPublishers.ofFile\`, no resume. \`8MiB\` and \`auto\` are the fixed and adaptive chunk
policies; \`whole\` sends the file in one request.

![throughput](benchmarks-throughput.png)

![memory](benchmarks-memory.png)

HEAD
cat "$WORK/sweep.md"
cat <<'TXT'

## One large file, cold and warm

Cold is the first upload of a new process (what the command gets); warm is the third upload in
one process (what a long-running service gets). 2 GiB, `-Xmx64m`.

TXT
cat "$WORK/warm.md"
echo; echo '```'; cat "$WORK/warm.log"; echo '```'
cat <<'TXT'

## The emulator's ingest

curl `-T` into the emulator's sink and onto its disk, beside the disk's own rate (`dd
conv=fdatasync`); 2 GiB, each after two warm-up uploads. The CPU figures show who limits: in
sink mode, curl.

TXT
cat "$WORK/ingest.md"
echo; echo '```'; cat "$WORK/ingest.log"; echo '```'
cat <<'TXT'

## Resume

A 1 GiB upload cut once at 10 %, 50 % and 90 % of the file (the emulator cuts the connection,
keeping what arrived), resumed by the uploader in the same run. "Client had written" is how far
the client had pushed bytes into the socket when the cut came; what lay between the server's
offset and that point was in flight and lost, and is the only thing sent again. Also: the time
from the cut to the first byte of the resumed request (a 100 ms backoff, an offset query, a new
connection).

TXT
cat "$WORK/resume.md"
cat <<'TXT'

## Many uploads at once

N files of 16–64 KiB uploaded at once through one uploader, one process per run.

TXT
cat "$WORK/concurrency.md"
cat <<'TXT'

## The Redis store

Store operations on one connection beside `redis-benchmark -c 1` on the same server, and the
cost on a 1 GiB upload in 8 MiB chunks (a record saved per chunk).

TXT
cat "$WORK/redis.md"
cat <<'TXT'

## Several workers over one batch

Separate command processes over the same list of files, sharing one Redis store: each takes the
files no other holds, comes back to the held ones, and ends with a handle for every file. The
emulator caps each connection (as each machine's own link would be), so more workers move more
bytes at once. With one worker killed (SIGKILL) once a quarter of the batch is up, its files are
taken over once its lease lapses (`--lease 5s`) and resumed from the server's offset. Here the
workers share this machine's cores, so each one's start-up (about 2 s alone) is slower than on a
machine of its own.

TXT
cat "$WORK/workers.md"
cat <<'TXT'

## Microbenchmarks (JMH)

Short settings (1 fork, 2 × 1 s warm-up, 3 × 1 s measurement): the error bars are wide on this
machine. `Micro` times the core's hot paths; `Streaming` sends a 64 MiB file region to the
emulator's sink through each transport.

TXT
cat "$WORK/jmh.md"
} > "$OUT"
step "wrote $OUT in $elapsed s"
