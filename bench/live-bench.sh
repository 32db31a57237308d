#!/usr/bin/env bash
# Whole-process benchmark of live socket reading and start-up, side by side with ss, netstat and a bare JVM.
#
# Builds a network namespace of its own (loopback only), fills it with a known population at each size
# (ESTABLISHED pairs, TIME_WAIT kept steady by Little's law, CLOSE_WAIT/FIN_WAIT2 pairs, listeners) using
# holder processes (the fd limit is per process, so the population is spread over several), then times with
# hyperfine, in one call per group so that every ratio compares runs made side by side:
#   size 0 (the empty namespace): tcpdoctor states | --version | explain time-wait | diagnose | java -version
#   every other size: tcpdoctor states | ss -tan | awk | netstat -ant | awk | tcpdoctor list | ss -tan |
#                     tcpdoctor diagnose | java -version (and up to 20,000 sockets the floor, bench/Floor.java),
#                     then tcpdoctor list -p | ss -tanp
# and prints the ratios against the goals. "java -version" is the bare JVM with the launcher's own flags; it runs
# through the same 'ip netns exec' as the commands it is compared with (in the empty namespace both ways).
# Each size's block starts with the machine's load (uptime) and ends with each command's page faults (bench/faults.py,
# median of 3 runs, one from 100,000 sockets); the summary starts with what a fault costs on the machine
# (bench/page-cost.c).
#
# Usage: sudo bench/live-bench.sh [SIZE...]        (default sizes: 0 10000 100000 300000)
# Env:   RUNS (default 10), SLOW_RUNS (for ss -tanp and list -p at large sizes, default 3),
#        FAMILY: one or more of 4, 6, mixed (default mixed); FAMILY="4 mixed" runs both populations;
#        AGAINST=DIR: another checkout of tcpdoctor (e.g. a git worktree of an older commit) whose tcpdoctor
#        commands run in the same hyperfine calls, rows named "against: ...", for before/after ratios;
#        AGAINST_FIRST=1 runs those rows first in each call instead of last.
# Every row of the performance goals, both populations, twice:
#   for i in 1 2; do FAMILY="4 mixed" RUNS=20 sudo bench/live-bench.sh; done
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(dirname "$here")"
. "$root/scripts/java-env.sh"
[ "$(id -u)" = 0 ] || { echo "live-bench: needs root (network namespaces)" >&2; exit 3; }
command -v hyperfine >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine >/dev/null; }
tcpdoctor_find_jdk || { echo "live-bench: no JDK 25" >&2; exit 3; }; jdk="$TCPDOCTOR_JDK"
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(0 10000 100000 300000)
RUNS=${RUNS:-10}; SLOW_RUNS=${SLOW_RUNS:-3}; FAMILIES=${FAMILY:-mixed}
# The bare JVM with the flags the launcher gives a short command (see ./tcpdoctor).
thp=; read -r thp < /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || true
case "$thp" in *"[madvise]"*) thp=-XX:+UseTransparentHugePages ;; *) thp= ;; esac
jvm_opts="--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData $thp"
jvm="$jdk/bin/java $jvm_opts -version"
out="$here/out"; mkdir -p "$out"
# The floor (bench/Floor.java): the least a JVM program does for states and list of a small table (read
# /proc/net/tcp and tcp6, count, or write a line per socket), with the launcher's options and a start-up cache of
# its own. Timed beside states and list at sizes up to 20,000: what is left of a goal once the JVM is paid for.
# (A start-up cache takes classes from jars only.)
floor_dir="$out/floor"; rm -rf "$floor_dir"; mkdir -p "$floor_dir/classes"
"$jdk/bin/javac" -d "$floor_dir/classes" "$here/Floor.java"
"$jdk/bin/jar" cf "$floor_dir/floor.jar" -C "$floor_dir/classes" .
# shellcheck disable=SC2086
"$jdk/bin/java" $jvm_opts -XX:AOTCacheOutput="$floor_dir/floor.aot" -Xlog:aot=off -Xlog:cds=off \
    -cp "$floor_dir/floor.jar" Floor list >/dev/null 2>"$floor_dir/record.log"
[ -s "$floor_dir/floor.aot" ] || { echo "live-bench: could not record the floor's cache:" >&2; cat "$floor_dir/record.log" >&2; exit 1; }
floor="$jdk/bin/java $jvm_opts -XX:AOTCache=$floor_dir/floor.aot -Xlog:aot=off -Xlog:cds=off -cp $floor_dir/floor.jar Floor"
# What a page fault costs here (bench/page-cost.c), and each command's faults (bench/faults.py, beside the
# timings): a JVM makes thousands before its main method runs, ss a few hundred, and where a fault is dear (on
# some virtual machines 9-26 us) they are much of what separates the two at small sizes.
page_cost="page cost: not measured (no C compiler ${CC:-cc}, or it failed on bench/page-cost.c)"
if command -v "${CC:-cc}" >/dev/null 2>&1 && "${CC:-cc}" -O2 -o "$out/page-cost" "$here/page-cost.c"; then
    page_cost=$("$out/page-cost")
fi
"$root/tcpdoctor" --version >/dev/null   # build once, outside the timings
[ -z "${AGAINST:-}" ] || "$AGAINST/tcpdoctor" --version >/dev/null
. "$here/population.sh"

ns="td-bench-$$"
pids=()
cleanup() {
    for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
    rm -rf "$out/fifos.$ns"
}
trap cleanup EXIT INT TERM

# The other checkout's rows (array ag) go after this checkout's, or before them with AGAINST_FIRST=1: a
# population keeps changing while it is timed, so running both orders shows what the order alone does.
order() {
    pre=(); post=("${ag[@]}")
    if [ -n "${AGAINST_FIRST:-}" ]; then pre=("${ag[@]}"); post=(); fi
}

awk_count='{++S[$1]} END {for (a in S) print a, S[a]}'
netstat_awk='/^tcp/ {++S[$6]} END {for (a in S) print a, S[a]}'

summary="$out/live-summary.txt"
: > "$summary"
echo "== $page_cost" | tee -a "$summary"

for FAMILY in $FAMILIES; do
for size in "${sizes[@]}"; do
    # The empty namespace's start-up rows do not depend on the family: once is enough.
    if [ "$size" = 0 ] && [ "$FAMILY" != "${FAMILIES%% *}" ]; then continue; fi
    cleanup; pids=()
    X="ip netns exec $ns"
    if [ "$size" = 0 ]; then
        ip netns add "$ns"
        ip -n "$ns" link set lo up
        echo "== empty namespace, start-up; load: $(uptime)" | tee -a "$summary"
        ag=(); [ -z "${AGAINST:-}" ] || ag=(-n "against: tcpdoctor states" "$X $AGAINST/tcpdoctor states"
            -n "against: tcpdoctor --version" "$AGAINST/tcpdoctor --version"
            -n "against: tcpdoctor explain time-wait" "$AGAINST/tcpdoctor explain time-wait"
            -n "against: tcpdoctor diagnose" "$X $AGAINST/tcpdoctor diagnose")
        order
        hyperfine -N --style basic -w 3 -r "$RUNS" --export-json "$out/live-0.json" "${pre[@]}" \
            -n "tcpdoctor states" "$X $root/tcpdoctor states" \
            -n "tcpdoctor --version" "$root/tcpdoctor --version" \
            -n "tcpdoctor explain time-wait" "$root/tcpdoctor explain time-wait" \
            -n "tcpdoctor diagnose" "$X $root/tcpdoctor diagnose" \
            -n "java -version" "$jvm" \
            -n "java -version in the namespace" "$X $jvm" "${post[@]}" \
            > "$out/live-0.txt" 2>&1 || { cat "$out/live-0.txt" >&2; exit 1; }
        python3 - "$out/live-0.json" <<'PY' | tee -a "$summary"
import json, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
jvm = res["java -version"]["median"]
# A command run through 'ip netns exec' is compared with the JVM run through it too (the wrapper costs ~10 ms).
jvm_ns = res["java -version in the namespace"]["median"]
in_ns = {"tcpdoctor states", "tcpdoctor diagnose", "against: tcpdoctor states", "against: tcpdoctor diagnose"}
print(f"{'command':<30}{'median ms':>11}{'min ms':>9}{'x JVM':>8}   (states, diagnose: x the JVM in the namespace)")
goals = {"tcpdoctor states": 1.5, "tcpdoctor --version": 1.8, "tcpdoctor explain time-wait": 1.8, "tcpdoctor diagnose": 2.5}
for name, r in res.items():
    x = r["median"] / (jvm_ns if name in in_ns else jvm)
    goal = goals.get(name)
    verdict = "" if goal is None else f"  (goal <= {goal}x: {'MET' if x <= goal else 'MISSED'})"
    print(f"{name:<30}{r['median']*1000:>11.1f}{r['min']*1000:>9.1f}{x:>8.2f}{verdict}")
for name, r in res.items():
    if name.startswith("against: "):
        print(f"this / against, {name[9:]}: {res[name[9:]]['median'] / r['median']:.2f}x (median wall)")
PY
        python3 "$here/faults.py" 3 "tcpdoctor states" "$X $root/tcpdoctor states" \
            "tcpdoctor --version" "$root/tcpdoctor --version" "java -version" "$jvm" | tee -a "$summary"
        continue
    fi
    populate "$ns" "$size" 1800 || exit 1
    actual=$population_count; i=$population_holders
    echo "== size $size, family $FAMILY: $actual sockets in $ns ($i holders); load: $(uptime)" | tee -a "$summary"
    ip netns exec "$ns" "$root/tcpdoctor" states | tee -a "$summary"

    # count-only in 32 MB of heap
    if ip netns exec "$ns" env TCPDOCTOR_JAVA_OPTS=-Xmx32m "$root/tcpdoctor" states --format json > "$out/xmx32.json"; then
        echo "count-only with -Xmx32m: ok, total $(grep -o '"total" : [0-9]*' "$out/xmx32.json" | grep -o '[0-9]*$')" | tee -a "$summary"
    else
        echo "count-only with -Xmx32m: FAILED" | tee -a "$summary"
    fi

    slow=$RUNS; [ "$size" -ge 100000 ] && slow=$SLOW_RUNS
    tag="$size-$FAMILY"
    ag=(); [ -z "${AGAINST:-}" ] || ag=(-n "against: tcpdoctor states" "$X $AGAINST/tcpdoctor states"
        -n "against: tcpdoctor list" "$X sh -c \"$AGAINST/tcpdoctor list > /dev/null\""
        -n "against: tcpdoctor diagnose" "$X sh -c \"$AGAINST/tcpdoctor diagnose > /dev/null\"")
    order
    floor_rows=(); [ "$size" -gt 20000 ] || floor_rows=(-n "floor: JVM counts /proc" "$X $floor"
        -n "floor: JVM writes /proc rows" "$X sh -c \"$floor list > /dev/null\"")
    hyperfine -N --style basic -w 1 -r "$RUNS" --export-json "$out/live-$tag-fast.json" "${pre[@]}" \
        -n "tcpdoctor states" "$X $root/tcpdoctor states" \
        -n "ss -tan | awk" "$X sh -c \"ss -tan | awk '$awk_count'\"" \
        -n "netstat -ant | awk" "$X sh -c \"netstat -ant | awk '$netstat_awk'\"" \
        -n "tcpdoctor list" "$X sh -c \"$root/tcpdoctor list > /dev/null\"" \
        -n "ss -tan" "$X sh -c \"ss -tan > /dev/null\"" \
        -n "tcpdoctor diagnose" "$X sh -c \"$root/tcpdoctor diagnose > /dev/null\"" \
        -n "java -version" "$X $jvm" "${floor_rows[@]}" "${post[@]}" \
        > "$out/live-$tag-fast.txt" 2>&1 || true
    ag=(); [ -z "${AGAINST:-}" ] || ag=(-n "against: tcpdoctor list -p" "$X sh -c \"$AGAINST/tcpdoctor list -p > /dev/null\"")
    order
    hyperfine -N --style basic -w 0 -r "$slow" --export-json "$out/live-$tag-slow.json" "${pre[@]}" \
        -n "tcpdoctor list -p" "$X sh -c \"$root/tcpdoctor list -p > /dev/null\"" \
        -n "ss -tanp" "$X sh -c \"ss -tanp > /dev/null\"" "${post[@]}" \
        > "$out/live-$tag-slow.txt" 2>&1 || true
    python3 - "$out/live-$tag-fast.json" "$out/live-$tag-slow.json" "$size" <<'PY' | tee -a "$summary" || true
import json, sys
res = {}
for f in sys.argv[1:3]:
    for r in json.load(open(f))["results"]:
        res[r["command"]] = r
size = int(sys.argv[3])
print(f"{'command':<22}{'median ms':>11}{'min ms':>9}")
for name, r in res.items():
    print(f"{name:<22}{r['median']*1000:>11.1f}{r['min']*1000:>9.1f}")
def ratio(a, b):
    return res[a]["median"] / res[b]["median"]
def line(text, value, goal, le=True):
    met = value <= goal if le else value >= goal
    print(f"{text:<34} {value:6.2f}  (goal {'<=' if le else '>='} {goal}: {'MET' if met else 'MISSED'})")
if size >= 100000:
    line("states / (ss -tan | awk)", ratio("tcpdoctor states", "ss -tan | awk"), 0.8)
else:
    line("states / (ss -tan | awk)", ratio("tcpdoctor states", "ss -tan | awk"), 2.5)
    line("list / (ss -tan)", ratio("tcpdoctor list", "ss -tan"), 3.0)
    line("diagnose / JVM", ratio("tcpdoctor diagnose", "java -version"), 3.5)
faster = res["ss -tanp"]["median"] / res["tcpdoctor list -p"]["median"]
line("(ss -tanp) / (list -p), x faster", faster, 15 if size >= 300000 else 4 if size >= 100000 else 1, le=False)
print(f"states / (netstat -ant | awk) = {ratio('tcpdoctor states', 'netstat -ant | awk'):.2f}")
if "floor: JVM counts /proc" in res:
    # What the goals leave once the JVM and the kernel's walk are paid: the floor's own ratios.
    print(f"floor: counts / (ss -tan | awk) = {ratio('floor: JVM counts /proc', 'ss -tan | awk'):.2f}, "
          f"rows / (ss -tan) = {ratio('floor: JVM writes /proc rows', 'ss -tan'):.2f}; "
          f"states / floor = {ratio('tcpdoctor states', 'floor: JVM counts /proc'):.2f}, "
          f"list / floor = {ratio('tcpdoctor list', 'floor: JVM writes /proc rows'):.2f}")
for name in res:
    if name.startswith("against: "):
        print(f"this / against, {name[9:]}: {ratio(name[9:], name):.2f}x (median wall)")
PY
    # Every command through 'ip netns exec' (about 160 faults of its own), output discarded by faults.py; once at the
    # large sizes (the counts hardly move between runs, and ss -tanp takes half a minute at 300,000 sockets).
    floor_faults=(); [ "$size" -gt 20000 ] || floor_faults=("floor: JVM counts /proc" "$X $floor")
    fruns=3; [ "$size" -lt 100000 ] || fruns=1
    python3 "$here/faults.py" "$fruns" "tcpdoctor states" "$X $root/tcpdoctor states" "ss -tan" "$X ss -tan" \
        "tcpdoctor list" "$X $root/tcpdoctor list" "tcpdoctor list -p" "$X $root/tcpdoctor list -p" \
        "ss -tanp" "$X ss -tanp" "java -version" "$X $jvm" "${floor_faults[@]}" | tee -a "$summary"
    rm -rf "$out/fifos.$ns"
done
done
echo "summary: $summary"
