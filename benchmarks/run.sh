#!/usr/bin/env bash
# Every figure of the project, in one run, written to docs/BENCHMARKS.md with its plots.
# About 30 minutes on 2 cores. Needs a JDK 17+, curl and /usr/bin/time (Debian: time), and
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
step "start-up";            benchmarks/scripts/startup.sh 10 > "$WORK/startup.md" 2> "$WORK/startup.log"
step "small files";         benchmarks/scripts/small-files.sh 600 3 > "$WORK/small.md" 2> "$WORK/small.log"
step "https";               benchmarks/scripts/tls-throughput.sh "64 1024 4096" 3 > "$WORK/tls.md" 2> "$WORK/tls.log"
if command -v redis-benchmark >/dev/null; then
  step "redis store";       benchmarks/scripts/redis-store.sh 20000 3 > "$WORK/redis.md" 2> "$WORK/redis.log"
else
  echo "redis-benchmark is not installed (Debian: redis-tools): this section was not measured." > "$WORK/redis.md"
fi
step "workers";             benchmarks/scripts/workers.sh 24 16 3 > "$WORK/workers.md" 2> "$WORK/workers.log"
step "store size";          benchmarks/scripts/store-size.sh 10000 5 > "$WORK/store-size.md" 2> "$WORK/store-size.log"
step "cpu per GiB";         benchmarks/scripts/cpu-per-gib.sh "1024 4096" 3 > "$WORK/cpu.md" 2> "$WORK/cpu.log"
step "profiles";            benchmarks/scripts/profile.sh "1024 4096" docs > "$WORK/profile.md" 2> "$WORK/profile.log"
step "http/2";              benchmarks/scripts/http2.sh 1000 3 > "$WORK/http2.md" 2> "$WORK/http2.log"
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
lost=$(awk -F'|' 'NR > 2 { gsub(/ /, "", $8); s += $8 } END { print s + 0 }' "$WORK/concurrency.md")
# this round's goals (the performance issue), each read off its section's table
curl1=$(median_of curl-T 1024); netty1=$(median_of netty-whole 1024); jdk1=$(median_of jdk-whole 1024)
cell() { awk -F'|' -v key="$2" -v col="$3" 'index($2, key) { v = $col; gsub(/^ +| +$/, "", v); print v; exit }' "$1"; }
start_x=$(cell "$WORK/startup.md" "the launcher" 4); start_ms=$(cell "$WORK/startup.md" "the launcher" 3)
jar_ms=$(cell "$WORK/startup.md" "java -jar" 3)
small_jdk=$(cell "$WORK/small.md" "transport jdk" 4); small_netty=$(cell "$WORK/small.md" "transport netty" 4)
ups() { awk -F'|' -v t="$1" '{ a = $2; b = $3; gsub(/ /, "", a); gsub(/ /, "", b) } a == t && b == "1000" { v = $4; gsub(/ /, "", v); print v }' "$WORK/concurrency.md"; }
cpu() { awk -F'|' -v t="$1" '{ a = $2; b = $3; gsub(/ /, "", a); gsub(/ /, "", b) } a == t && b == "1000" { v = $5; gsub(/^ +| +$/, "", v); print v }' "$WORK/concurrency.md"; }
tls() { awk -F'|' -v size="$1" -v c="$2" -v col="$3" '{ a = $2; gsub(/^ +| +$/, "", a); b = $3; gsub(/^ +| +$/, "", b) } a == size && b == c { v = $col; gsub(/^ +| +$/, "", v); print v }' "$WORK/tls.md"; }
at_least() { awk -v r="$1" -v g="$2" 'BEGIN { print (r + 0 >= g ? "met" : "not met") }'; }
flat() { awk -v a="${1%% *}" -v b="${2%% *}" 'BEGIN { print (b <= a * 1.3 ? "flat" : "grows") }'; }
# the goals of this round (close to the machine), each read off its section's table
at_most() { awk -v r="$1" -v g="$2" 'BEGIN { print (r + 0 <= g ? "met" : "not met") }'; }
cpurow() { # $1 contender's label, $2 size in MiB, $3 column
  awk -F'|' -v l="$1" -v z="$2 MiB" -v col="$3" '{ a = $2; b = $3; gsub(/^ +| +$/, "", a); gsub(/^ +| +$/, "", b) }
    a == l && b == z { v = $col; gsub(/^ +| +$/, "", v); print v; exit }' "$WORK/cpu.md"
}
CMD_JDK="the command, jdk transport (launcher)"; CMD_NETTY="the command, netty transport (launcher)"
LIB_JDK="the library, jdk transport (default JVM flags)"; LIB_NETTY="the library, netty transport (default JVM flags)"
cpu_x() { cpurow "$1" 4096 7; }; rate_x() { cpurow "$1" 4096 10; }
start25_x=$(cell "$WORK/startup.md" "the launcher on Java 25" 4)
h2cell() { awk -F'|' -v l="$1" -v col="$2" '{ a = $2; gsub(/^ +| +$/, "", a) } a == l { v = $col; gsub(/^ +| +$/, "", v); print v; exit }' "$WORK/http2.md"; }
h1_ups=$(h2cell "JDK transport, HTTP/1.1 (pooled connections)" 4); h2_ups=$(h2cell "JDK transport, HTTP/2" 4)
h1_cpu=$(h2cell "JDK transport, HTTP/1.1 (pooled connections)" 5); h2_cpu=$(h2cell "JDK transport, HTTP/2" 5)
h2_pays=$(awk -v a="$h2_ups" -v b="$h1_ups" -v c="${h2_cpu%% *}" -v d="${h1_cpu%% *}" 'BEGIN { print (a >= b * 1.1 && c <= d ? "yes" : "no") }')
cold_jdk=$(grep 'jdk transport (-Xmx64m), cold' "$WORK/warm.md" | awk -F'|' '{ gsub(/ /, "", $4); print $4 }')
cold_netty=$(grep 'netty transport (-Xmx64m), cold' "$WORK/warm.md" | awk -F'|' '{ gsub(/ /, "", $4); print $4 }')
thr() { awk -F'|' -v t="$1" '{ a = $2; b = $3; gsub(/ /, "", a); gsub(/ /, "", b) } a == t && b == "1000" { v = $6; gsub(/ /, "", v); print v }' "$WORK/concurrency.md"; }
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

This round's goals (close to the machine), with the figures they started from (measured on this
machine before the work, each side by side with curl in one run) beside this run's:

| figure | before | this run | goal | verdict |
|---|---|---|---|---|
| 1 GiB into the sink, rate over the upload's own time (start-up excluded) vs \`curl -T\` | JDK 0.78–0.87×, Netty 0.65–0.69× | JDK $(ratio "$jdk1" "$curl1")×, Netty $(ratio "$netty1" "$curl1")× | both ≥ 1.0× | JDK $(verdict "$(ratio "$jdk1" "$curl1")"), Netty $(verdict "$(ratio "$netty1" "$curl1")") |
| 4 GiB into the sink, whole process: CPU (user + system) and rate vs curl's, the library in a JVM with default flags | JDK 1.72× CPU at 0.75× the rate; Netty 2.17× at 0.61× | JDK $(cpu_x "$LIB_JDK")× at $(rate_x "$LIB_JDK")×; Netty $(cpu_x "$LIB_NETTY")× at $(rate_x "$LIB_NETTY")× | Netty ≤ 1.0× CPU, JDK ≤ 1.25×, both at ≥ 1.0× the rate | JDK CPU $(at_most "$(cpu_x "$LIB_JDK")" 1.25), rate $(at_least "$(rate_x "$LIB_JDK")" 1); Netty CPU $(at_most "$(cpu_x "$LIB_NETTY")" 1.0), rate $(at_least "$(rate_x "$LIB_NETTY")" 1) |
| the same, the command through its launcher | not measured | JDK $(cpu_x "$CMD_JDK")× at $(rate_x "$CMD_JDK")×; Netty $(cpu_x "$CMD_NETTY")× at $(rate_x "$CMD_NETTY")× | as above | JDK CPU $(at_most "$(cpu_x "$CMD_JDK")" 1.25), rate $(at_least "$(rate_x "$CMD_JDK")" 1); Netty CPU $(at_most "$(cpu_x "$CMD_NETTY")" 1.0), rate $(at_least "$(rate_x "$CMD_NETTY")" 1) |
| one 200 KB upload, fresh command process, vs a bare JVM's hello | 608 ms = 5.3× (JDK 17) | JDK 17: ${start_ms} = ${start_x}×; JDK 25: ${start25_x:-not measured (no JDK 25)}× | ≤ 4× on JDK 17, ≤ 3× on JDK 25 | JDK 17 $(at_most "$start_x" 4), JDK 25 $(at_most "${start25_x:-99}" 3) |
| 1,000 small uploads at once through one uploader, CPU per upload | JDK 3.83 ms, Netty 0.93 ms | JDK $(cpu jdk), Netty $(cpu netty) | JDK ≤ 1.5 ms, Netty ≤ 0.5 ms | JDK $(at_most "$(cpu jdk)" 1.5), Netty $(at_most "$(cpu netty)" 0.5) |
| 1,000 small uploads over HTTPS, the JDK transport: HTTP/2 against pooled HTTP/1.1 | not measured | HTTP/1.1 ${h1_ups}/s (${h1_cpu} each), HTTP/2 ${h2_ups}/s (${h2_cpu}) | offered if it pays | pays: ${h2_pays} |
| peak RSS 64 MiB → 4 GiB, -Xmx64m, HTTPS included | flat | plain: JDK ${jrss_small} → ${jrss_big} MiB, Netty ${rss_small} → ${rss_big} MiB; HTTPS: JDK $(tls "64 MiB" "JDK transport" 6) → $(tls "4096 MiB" "JDK transport" 6), Netty (OpenSSL) $(tls "64 MiB" "Netty transport, OpenSSL" 6) → $(tls "4096 MiB" "Netty transport, OpenSSL" 6) | flat | plain $(awk -v a="$rss_small" -v b="$rss_big" -v c="$jrss_small" -v d="$jrss_big" 'BEGIN { print (b <= a * 1.3 && d <= c * 1.3 ? "flat" : "grows") }'), HTTPS JDK $(flat "$(tls "64 MiB" "JDK transport" 6)" "$(tls "4096 MiB" "JDK transport" 6)"), Netty $(flat "$(tls "64 MiB" "Netty transport, OpenSSL" 6)" "$(tls "4096 MiB" "Netty transport, OpenSSL" 6)") |

Where a goal is missed, the sections on CPU per gigabyte, start-up and many uploads at once say by
how much and why, from the profiles.

The last round's goals, measured again:

| figure | before | this run | goal | verdict |
|---|---|---|---|---|
| 1 GiB to the sink, fresh process, whole file in one request (the default), vs \`curl -T\` | JDK 0.38–0.56×, Netty 0.62–0.92× | JDK $(ratio "$jdk1" "$curl1")×, Netty $(ratio "$netty1" "$curl1")× | both ≥ 1.0× | JDK $(verdict "$(ratio "$jdk1" "$curl1")"), Netty $(verdict "$(ratio "$netty1" "$curl1")") |
| 200 KB PNG, fresh command process, vs a bare JVM's hello | 1.4–1.8 s = 29× | ${start_ms} = ${start_x}× with the launcher (\`java -jar\`: ${jar_ms}) | ≤ 5× | $(awk -v x="$start_x" 'BEGIN { print (x + 0 <= 5 ? "met" : "not met") }') |
| 600 × 32 KiB, command \`--parallel 32\` vs curl \`xargs -P 32\` | 2.8–3.0× curl | JDK ${small_jdk}×, Netty ${small_netty}× curl | ≥ 8× | JDK $(at_least "$small_jdk" 8), Netty $(at_least "$small_netty" 8) |
| 1,000 small uploads at once through one \`GraphUploader\` (warm) | 197/s JDK, 280/s Netty (cold process) | $(ups jdk)/s JDK ($(cpu jdk) CPU each), $(ups netty)/s Netty ($(cpu netty)) | ≥ 1,000/s JDK, ≥ 2,000/s Netty | JDK $(at_least "$(ups jdk)" 1000), Netty $(at_least "$(ups netty)" 2000) |
| 1 GiB over HTTPS vs \`curl --cacert\` | not measurable (no TLS) | Netty (OpenSSL) $(tls "1024 MiB" "Netty transport, OpenSSL" 5)×, Netty (JDK TLS) $(tls "1024 MiB" "Netty transport, the JDK's TLS" 5)×, JDK $(tls "1024 MiB" "JDK transport" 5)× | Netty ≥ 1.0×, JDK reported | Netty $(at_least "$(tls "1024 MiB" "Netty transport, OpenSSL" 5)" 1) |
| peak RSS 64 MiB → 4 GiB over HTTPS (-Xmx64m) | not measurable | JDK $(tls "64 MiB" "JDK transport" 6) → $(tls "4096 MiB" "JDK transport" 6), Netty (OpenSSL) $(tls "64 MiB" "Netty transport, OpenSSL" 6) → $(tls "4096 MiB" "Netty transport, OpenSSL" 6), Netty (JDK TLS) $(tls "64 MiB" "Netty transport, the JDK's TLS" 6) → $(tls "4096 MiB" "Netty transport, the JDK's TLS" 6) | flat | JDK $(flat "$(tls "64 MiB" "JDK transport" 6)" "$(tls "4096 MiB" "JDK transport" 6)"), Netty (OpenSSL) $(flat "$(tls "64 MiB" "Netty transport, OpenSSL" 6)" "$(tls "4096 MiB" "Netty transport, OpenSSL" 6)"), Netty (JDK TLS) $(flat "$(tls "64 MiB" "Netty transport, the JDK's TLS" 6)" "$(tls "4096 MiB" "Netty transport, the JDK's TLS" 6)") |

The project's standing goals:

| goal | measured | verdict |
|---|---|---|
| at least as fast as curl on one large file (4 GiB, fresh process) | Netty $(ratio "$netty4" "$curl4") × curl -T, JDK $(ratio "$jdk4" "$curl4") × | Netty $(verdict "$(ratio "$netty4" "$curl4")"), JDK $(verdict "$(ratio "$jdk4" "$curl4")") |
| at least as fast as curl on one large file (2 GiB, warm process) | Netty ${warm_netty} × curl -T, JDK ${warm_jdk} × | Netty $(verdict "${warm_netty:-0}"), JDK $(verdict "${warm_jdk:-0}") |
| memory flat in file size (64 MiB → 4 GiB, -Xmx64m) | Netty ${rss_small} → ${rss_big} MiB, JDK ${jrss_small} → ${jrss_big} MiB peak RSS | $(awk -v a="$rss_small" -v b="$rss_big" -v c="$jrss_small" -v d="$jrss_big" 'BEGIN { print (b <= a * 1.3 && d <= c * 1.3 ? "met" : "not met") }') |
| bytes re-sent on resume ≤ what the server had not confirmed | ${resent_ok} cuts re-sent no more than the bytes in flight the server never kept (at most ${resent_max} bytes of 1 GiB) | $(echo "$resent_ok" | awk '{ print ($1 == $3 ? "met" : "not met") }') |
| 1,000 concurrent uploads, none lost | ${lost} lost over all runs | $( [ "$lost" = 0 ] && echo met || echo "not met" ) |

## Which transport: the README's table

What the README's "Which transport?" table shows, read off the sections below; a test
(\`DocFiguresTest\`) holds the README's rows equal to these.

| | JDK transport | Netty transport |
|---|---|---|
| one 4 GiB file, fresh process | $(ratio "$jdk4" "$curl4") × curl | $(ratio "$netty4" "$curl4") × curl |
| one 2 GiB file, first upload of a process | ${cold_jdk} × curl | ${cold_netty} × curl |
| one 2 GiB file, warm process | ${warm_jdk} × curl | ${warm_netty} × curl |
| 1 GiB over HTTPS, fresh process | $(tls "1024 MiB" "JDK transport" 5) × curl | $(tls "1024 MiB" "Netty transport, OpenSSL" 5) × curl with OpenSSL, $(tls "1024 MiB" "Netty transport, the JDK's TLS" 5) × with the JDK's TLS |
| 1,000 small uploads at once (warm) | $(ups jdk) uploads/s, $(cpu jdk) CPU each, up to $(thr jdk) threads | $(ups netty) uploads/s, $(cpu netty) CPU each, $(thr netty) threads |
| 1,000 small uploads at once over HTTPS (warm) | ${h1_ups} uploads/s, ${h1_cpu} CPU each; HTTP/2 (\`--http2\`): ${h2_ups}/s, ${h2_cpu} | $(h2cell "Netty transport, HTTP/1.1 (pooled connections)" 4) uploads/s, $(h2cell "Netty transport, HTTP/1.1 (pooled connections)" 5) CPU each |
| peak RSS, 64 MiB → 4 GiB file, \`-Xmx64m\` | ${jrss_small} → ${jrss_big} MiB (HTTPS: $(tls "64 MiB" "JDK transport" 6) → $(tls "4096 MiB" "JDK transport" 6)) | ${rss_small} → ${rss_big} MiB (HTTPS: $(tls "64 MiB" "Netty transport, OpenSSL" 6) → $(tls "4096 MiB" "Netty transport, OpenSSL" 6)) |

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

The JDK transport, profiled (JFR's native-method samples and perf): before this round it read
each 256 KiB of the file into a new heap buffer, which the JDK's socket code then copied again
into a temporary direct buffer; it now reads the file straight into one of a few reused 1 MiB
direct buffers (`FileRegionPublisher`, which writes down why reuse is safe with the JDK's client):
a 1 GiB upload sends at about 1.4 times the rate of the heap buffers with a quarter less CPU
(`UploadOnce ... jdk` against `jdk-heap`, measured side by side). What is left is the JDK
client's write path: one item at a time, each written after the selector thread reports the socket
writable and an executor thread asks for the next (`EPoll.wait` holds most of the samples,
`writev` and the file's `pread` the rest), against curl's one thread reading and writing in a
loop. A fresh process also runs its first gigabyte half interpreted.

The Netty transport's large-file figures move the most between runs: in two complete runs on
different days, 0.94 and 0.56 times curl at 1 GiB fresh, 1.19 and 0.79 times at 4 GiB. Its
process spends about a second more CPU than the JDK transport's on a fresh 1 GiB upload (the size
sweep's CPU column: Netty's own classes loaded and its pipeline compiled while the bytes flow),
and on two cores shared with the emulator that second comes out of the sending rate; warm, the
same transport reached 0.82–1.46 times curl. Not profiled further this round.

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

N files of 16–64 KiB uploaded at once through one uploader, one process per run, which uploads the
batch four times (a new uploader and store each round, the same transport) and times the fourth:
what a running service sees. CPU per upload is the uploading process's (the emulator's is not
counted; it shares the same two cores).

TXT
cat "$WORK/concurrency.md"
cat <<'TXT'

Where the time goes, profiled (perf with the JIT's symbol map, and JFR) over warm rounds of 1,000,
and again this round with async-profiler over ten rounds in one process (the last rows of the
profiles' table, with their flame graphs, and the tenth round's figures under it):

- **The rounds measured here are still warming up.** Over ten rounds in one process the JIT
  compiler's threads take the largest share of the samples with either transport (the profiles'
  table): the CPU per upload above includes compilation still under way. With the JDK client,
  the next largest are its threads' wake-ups and hand-offs (the event-loop column) and its own
  code. What is our own code is spread thin: the file fingerprint (sampling the file's head and
  tail), the engine's queue, the store, the two requests' headers, each a few percent at most;
  no hot spot was found there. The one waste it showed was fixed: four regular expressions
  checked on every request and reply (the method, a literal loopback address, `Retry-After`, a
  textual `file_offset`) were compiled at each call by `String.matches` (about 1 % of the
  samples); they are compiled once.

- **The machine is shared by both ends.** The emulator spends about 0.6 ms of CPU per upload (two
  requests, a session, a signed handle); our side about 0.6–1 ms with Netty. On two cores that
  caps the pair near 1,300–1,500 uploads a second, whatever the client does: the Netty goal of
  2,000/s would need the client below about 0.4 ms per upload, alone on a core.
- **What remains on our side with Netty** is the JIT still compiling (a third to a half of the
  samples after ten seconds), then Netty's pipeline and the two requests' headers, with no single
  hot spot; file fingerprints, the in-memory store and the core's state machine are each under a
  few percent.
- **The JDK transport** spends its time in the JDK client's hand-offs: each exchange moves between
  the selector thread and executor threads several times (`SequentialScheduler`, futex wake and
  wait, thread start), and before this round a thousand uploads at once opened a thousand
  connections and started a thread for most of them (1,232 at peak), whose pool bookkeeping
  (`ConnectionPool$ExpiryList.add`, linear in the pool's size) showed in the profile. The
  transport now keeps at most 64 requests in flight (`maxConcurrentRequests`): threads fell to
  about 150 and memory by a fifth, but CPU per upload did not move: the hand-offs are the JDK
  client's own design. A bounded executor for the client did not lower it either.

## Start-up

One 200 KB PNG, each contender a fresh process against the same emulator, ten runs each, median
wall time.

TXT
cat "$WORK/startup.md"
echo; echo '```'; cat "$WORK/startup.log"; echo '```'
cat <<'TXT'

What a one-file run spent its time on, and what was done. In earlier rounds, found with the JVM's
class-loading log (with uptime), strace and JFR:

- **300 ms after the handle was printed**, the JVM waited at exit for the JDK `HttpClient`'s
  selector thread to leave its native `epoll_wait`: the JDK transport's `close()` now stops the
  client it built.
- **About 250 ms building the wiring with Guice**: the command now wires with the builders, as the
  README's first example does.
- **Parsing the JDK's trust store** for an `http://` endpoint: the client's default TLS context
  is now made on the first `https://` connection.
- **Class loading** (4,200 classes): the build makes a class-data-sharing archive from one upload
  (`target/graph-upload.jsa`; on Java 25 the ahead-of-time cache) and the launcher maps it, with
  the serial collector and the quick compiler, which suit a short run.

This round, profiled with async-profiler (the start-up rows of the profiles' table below, and
wall-clock profiles of the main thread), each change measured alternating with the build before
it on the same emulator (ten runs each, medians: 679 → 531 ms on JDK 17, 585 → 463 ms on JDK 25,
with the bare JVM's hello at 116 and 101 ms in the same runs):

- **picocli's jar is compiled for Java 5**, and the archive cannot hold classes older than Java 6:
  every start loaded and verified its 229 classes from the jar. The command's jar now carries the
  same picocli version compiled from its sources for Java 17, mapped from the archive.
- **Jackson's `ObjectMapper`**, made by the core to read two small replies and write a record,
  cost about 40 ms (its class initialisation loads the data-binding machinery): the core reads
  and writes its trees with Jackson's streaming parser and generator (`JsonTrees`).
- **Two JIT compiler threads** competed with the upload for the two cores: the launcher runs one
  (`-XX:CICompilerCount=1`, about 40 ms).
- **Each string concatenation linked a method handle at its first run**, about 30 ms over the
  first upload: the project's code compiles them as `StringBuilder` calls
  (`-XDstringConcat=inline`, as the JDK compiles its base module).
- **picocli looked for Groovy's closure class and built `java.sql` and `java.time` converters by
  reflection** at every start, and read the annotations of every subcommand: the command turns
  the first two off (no option needs them) and builds the model of the one subcommand it runs.
- **A UUID named each record's temporary file**, seeding a `SecureRandom`: a random long does.
- **BouncyCastle**, with which the emulator makes its certificates, is not loaded by an upload,
  not even by the README's main job against the embedded emulator (the class-loading log): only
  an emulator serving TLS loads it.
- **picocli read the models of `upload` and of the top-level command from their annotations**, by
  reflection (fields, each annotation a generated proxy, the class's methods): about 30 of the
  41 ms the main thread spent building them. Both are built in code now (`CommandModel`, each
  option declared once with the field it fills; `status` takes the shared options the same way),
  16–20 ms in the same profile; help, errors, completion and the man page are the same text.
  Alternating with the build before it, fifteen runs each: 618 → 598 ms on JDK 17 (hello 124 ms),
  519 → 457 ms on JDK 25 (hello 110 ms).
- **What is left**, in the main thread's wall-clock profile of a JDK 17 run: making the JDK
  `HttpClient`, about 25 ms, half of them its debug logger's first `System.getLogger` (a
  service-loader search through the JDK's modules and the jar, which a logging backend on the
  class path would not shorten: the search runs before any answer); the upload itself, about 115
  ms across threads for two exchanges in code still interpreted or freshly compiled; and the JIT,
  a third of the run's CPU (the start-up rows). The jar itself costs too: it carries what every
  subcommand needs (the Redis client, Netty's native transport, BouncyCastle for the emulator's
  TLS), 23 MB in 15,700 entries whose directory the JVM reads at start, and a bare JVM's hello
  with that jar first on its class path takes 156 ms against 124 ms (medians of twenty). Signal
  handlers, SLF4J's start and the first `equals` of each record class (linked at run time) are
  5–10 ms each. On Java 25 the ahead-of-time cache links lambdas and concatenations ahead of
  time, but not the first exchange, and its bare JVM starts faster too: the ratio there is about
  Java 17's.

## Many small files from the command line

One command process uploading 600 files of 32 KiB with `--parallel 32`, against curl doing the
same with a process per request (create the session, send the file), 32 at a time. Three runs
each, median.

TXT
cat "$WORK/small.md"
echo; echo '```'; cat "$WORK/small.log"; echo '```'
cat <<'TXT'

The command's wall time here is its start-up (above) plus 600 uploads at the rate of the section
on many uploads at once, with 32 in flight; curl's is 1,200 process starts beside the emulator,
so the ratio follows what starting a process costs on the machine more than anything of ours: two
complete runs on this project's machine, on different days, gave curl 8.6 s and 29.2 s for the
same work (its two calls for one file 33 ms and 59 ms in the start-up section) and the command
2.6–3.1 and 7.3–8.7 times curl. Where processes start cheaply, 8× would need the uploads
themselves at several thousand a second on the same two cores; see that section for where their
time goes.

## HTTPS

The emulator with `--tls` (its own CA, the JDK's TLS on its side), one upload per process with
`-Xmx64m`. The Netty transport uses OpenSSL (BoringSSL) when
`io.netty:netty-tcnative-boringssl-static` is on the class path, as here, and the JDK's TLS
otherwise; both are measured. The JDK transport has only the JDK's TLS, and sends heap buffers
under TLS (see `FileRegionPublisher` for why its direct buffers are for plain HTTP/1.1 only).

TXT
cat "$WORK/tls.md"
echo; echo '```'; cat "$WORK/tls.log"; echo '```'
cat <<'TXT'

Where the time goes, measured per 1 GiB upload with each process's CPU time (`/usr/bin/time` for
the client, `/proc` for the emulator), three rounds side by side: curl spends about 2 s of CPU
(OpenSSL) and the emulator about 2 s decrypting with the JDK's TLS; the Netty transport with
OpenSSL spends 3.5–4.5 s, of which the JVM's start, class loading and JIT compilation are most
(its sending phase takes 2–3 s, curl's whole run about 2 s), and the emulator under 1.5 s. On
two cores shared by both ends, whatever CPU one side takes the other waits for: the Netty transport
with OpenSSL ran at 0.86–1.07 times curl's rate in those rounds. At 1 GiB its median lands either
side of 1.0× with the noise of the machine (0.87× in one complete run, 1.00× in another), not by a
cost that grows with the file: the longer the upload, the less the JVM's start weighs. The JDK's
TLS encrypts at about two-thirds of OpenSSL's rate (`netty-jdk-tls` against `netty`), which is the
JDK transport's ceiling here too.

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

TXT
tail -n +2 benchmarks/notes/engine-rewrite.md
cat <<'TXT'

## A store used for long

The command against a file store holding 10,000 records of other files (what months of uploads
leave) beside an empty one; a fresh process each time, five runs, median wall time.

TXT
cat "$WORK/store-size.md"
echo; echo '```'; cat "$WORK/store-size.log"; echo '```'
cat <<'TXT'

`status FILE` reads its record by the key the upload uses, and an upload reads and writes its own
record and a byte of the lock file: neither reads the other records, so both stay within the
noise of an empty store's. (Before this round, `status` read every record, and every open of the
store read the whole directory for the lock files earlier versions left; the open now reads it
once, the first time, and the store's marker file says so.) `sessions` prints every record, so it
grows with them by nature: about a tenth of a millisecond per record in a fresh process, most of
it reading and decoding each record's file.

## CPU per gigabyte

One file into the emulator's sink by a fresh process, the whole process counted (start-up and JIT
included): curl `-T` beside the command through its launcher and beside the library in a JVM
with default flags (`UploadOnce`, `-Xmx64m`), each transport. User and system CPU of the
sending process, the emulator's CPU over the same upload, and the rate over the process's whole
wall time; three runs each, alternating, medians. The second table is the slope between the two
sizes: what each further gigabyte costs once the process is up.

TXT
cat "$WORK/cpu.md"
echo; echo '```'; cat "$WORK/cpu.log"; echo '```'
cat <<'TXT'

## Where the CPU goes: profiles

Each transport profiled in a fresh process sending 1 and 4 GiB, through the command's launcher and
through the library with default JVM flags, the command's start-up (one 200 KB file through the
launcher), and 1,000 small uploads at once through one uploader over ten rounds in one process
(the JSON lines under the table: the tenth round; `benchmarks/scripts/profile.sh`: async-profiler,
CPU samples every millisecond, Java, JVM and kernel frames together, per thread). Each row links
its flame graph (the bottom row is the thread; width is time on CPU). A sample counts for the first
kind its stack matches, in the order of the columns (`FlameGraph.KINDS`): the JIT compiler's
threads and class loading before what they compile or load, the kernel's `sendfile` before
the Netty frames that call it.

TXT
cat "$WORK/profile.md"
echo; echo '```'; grep '^many ' "$WORK/profile.log" || true; echo '```'
cat <<'TXT'

What the profiles show, and what was done (each change measured side by side with the build
before it, on the same emulator; figures as medians of five runs unless said):

- **A large upload's own work is small; the JVM's start is not.** Through the launcher, a 1 GiB
  Netty upload and a 200 KB one take the same user CPU (0.60 s against 0.64 s): the event loop's
  Java work per `sendfile` call (nine calls per gigabyte) is under 1 % of the samples. What
  remains is the JIT compiler's threads and class loading (together about half of a fresh 1 GiB
  upload's samples, the most with default JVM flags), and the command's own start (picocli's
  model of its options, the uploader's wiring): paid once per process, and once in a
  long-running service.
- **System CPU is the loopback's TCP stack, both ends of it.** On loopback the receiver's side of
  TCP runs in the sender's system calls, so `sendfile` saves the copy into user space but not
  the stack: each further gigabyte costs the Netty transport about what it costs curl, and the
  JDK transport less (the slope table).
- **Fixed this round:** the launcher's archive (and the Java 25 cache) is trained with both
  transports — a Netty upload loaded 156 of its classes from the jar, now 5; Netty's
  flight-recorder events are off in the command — their classes were generated on the event loop
  at the first buffer freed, about 0.1 s of CPU per run (7 % of a 1 GiB upload's samples); on Java
  22+ the launcher lets Netty load its native library, which printed four lines of warning on
  Java 25. The command's Netty upload of 1 GiB went from 0.75 s user and 1.41 s in all to 0.65 s
  and 1.29 s (the same machine, alternating with the build before). The Netty transport's
  `close()` no longer leaves Netty's global executor running (its thread, no daemon, kept a
  process whose `main` returned up for a second: README, "Netty transport"). In the last
  round: the TLS context (OpenSSL's loading, an eighth of a 1 GiB upload's samples) is built on the
  first `https://` request, not with the transport.
- **Tried on the JDK transport, not kept:** buffers of 4 and 16 MiB instead of 1 MiB (1 GiB,
  four runs each, alternating: 1,181–1,299, 1,057–1,376 and 900–1,162 MiB/s; 1.9–2.3 s of CPU
  each), and the client's work on its selector thread (`executor(Runnable::run)`) or on one
  thread of its own instead of the JDK's default (996–1,392 and 1,085–1,354 against
  1,095–1,407 MiB/s, the same CPU): no change beyond the noise. In a fresh process the JDK
  transport's gap is its JIT and class loading, as the profile shows, not its write path; warm,
  it runs at curl's rate (the section on one large file).

## HTTP/2 for many small uploads

1,000 files of 16–64 KiB at once through one uploader over HTTPS (the emulator with `--tls`,
HTTP/2 by ALPN), as in the section on many uploads at once: the JDK transport with pooled HTTP/1.1
connections and with HTTP/2 (`JdkHttpTransport.builder().http2(true)`, every upload a stream of
one connection), the Netty transport (HTTP/1.1) beside them. Three runs each, medians.

TXT
cat "$WORK/http2.md"
echo; echo '```'; cat "$WORK/http2.log"; echo '```'
echo
echo "HTTP/2 pays here (at least a tenth more uploads a second, no more CPU each): **${h2_pays}**."
cat <<'TXT'

The command's `--http2` and the starter's `graph-upload.transport.http2` turn it on for the JDK
transport, off by default (it helps many uploads at once over one connection, and a server may
not offer it). Four complete runs on this shared machine on 2026-12-06 gave, HTTP/2 against
HTTP/1.1, 312.8 against 317.9/s, 275.1 against 223.1/s, 371.9 against 362.8/s and 262.1 against
255.7/s: by the rule above one "yes" in four. HTTP/2's median CPU per upload was the lower in all
four (by 6 % to a fifth), and in eleven of their twelve runs. It is offered for that, not as the
default.
TXT
cat <<'TXT'

## Microbenchmarks (JMH)

Short settings (1 fork, 2 × 1 s warm-up, 3 × 1 s measurement): the error bars are wide on this
machine. `Micro` times the core's hot paths; `Streaming` sends a 64 MiB file region to the
emulator's sink through each transport.

TXT
cat "$WORK/jmh.md"
} > "$OUT"
step "wrote $OUT in $elapsed s"
