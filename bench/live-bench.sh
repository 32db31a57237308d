#!/usr/bin/env bash
# Whole-process benchmark of live socket reading, side by side with ss and netstat.
#
# Builds a network namespace of its own (loopback only), fills it with a known population at each size
# (ESTABLISHED pairs, TIME_WAIT kept steady by Little's law, CLOSE_WAIT/FIN_WAIT2 pairs, listeners) using
# holder processes (the fd limit is per process, so the population is spread over several), then times:
#   tcpdoctor states | tcpdoctor list -p | ss -tan | awk | ss -tanp | netstat -ant | awk
# with hyperfine, prints the ratios against the targets, and checks count-only with -Xmx32m.
#
# Usage: sudo bench/live-bench.sh [SIZE...]        (default sizes: 10000 100000 300000)
# Env:   RUNS (default 10), SLOW_RUNS (for ss -tanp and list -p at large sizes, default 3), FAMILY=4|6|mixed (default mixed)
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(dirname "$here")"
. "$root/scripts/java-env.sh"
[ "$(id -u)" = 0 ] || { echo "live-bench: needs root (network namespaces)" >&2; exit 3; }
command -v hyperfine >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine >/dev/null; }
tcpdoctor_find_jdk || { echo "live-bench: no JDK 25" >&2; exit 3; }; jdk="$TCPDOCTOR_JDK"
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 300000)
RUNS=${RUNS:-10}; SLOW_RUNS=${SLOW_RUNS:-3}; FAMILY=${FAMILY:-mixed}
out="$here/out"; mkdir -p "$out"
"$root/tcpdoctor" --version >/dev/null   # build once, outside the timings
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

awk_count='{++S[$1]} END {for (a in S) print a, S[a]}'
netstat_awk='/^tcp/ {++S[$6]} END {for (a in S) print a, S[a]}'

summary="$out/live-summary.txt"
: > "$summary"

for size in "${sizes[@]}"; do
    cleanup; pids=()
    populate "$ns" "$size" 1800 || exit 1
    actual=$population_count; i=$population_holders
    echo "== size $size: $actual sockets in $ns ($i holders)" | tee -a "$summary"
    ip netns exec "$ns" "$root/tcpdoctor" states | tee -a "$summary"

    # count-only in 32 MB of heap
    if ip netns exec "$ns" env TCPDOCTOR_JAVA_OPTS=-Xmx32m "$root/tcpdoctor" states --format json > "$out/xmx32.json"; then
        echo "count-only with -Xmx32m: ok, total $(grep -o '"total" : [0-9]*' "$out/xmx32.json" | grep -o '[0-9]*$')" | tee -a "$summary"
    else
        echo "count-only with -Xmx32m: FAILED" | tee -a "$summary"
    fi

    slow=$RUNS; [ "$size" -ge 100000 ] && slow=$SLOW_RUNS
    X="ip netns exec $ns"
    hyperfine -N --style basic -w 1 -r "$RUNS" --export-json "$out/live-$size-fast.json" \
        -n "tcpdoctor states" "$X $root/tcpdoctor states" \
        -n "ss -tan | awk" "$X sh -c \"ss -tan | awk '$awk_count'\"" \
        -n "netstat -ant | awk" "$X sh -c \"netstat -ant | awk '$netstat_awk'\"" > "$out/live-$size-fast.txt" 2>&1 || true
    hyperfine -N --style basic -w 0 -r "$slow" --export-json "$out/live-$size-slow.json" \
        -n "tcpdoctor list -p" "$X sh -c \"$root/tcpdoctor list -p > /dev/null\"" \
        -n "ss -tanp" "$X sh -c \"ss -tanp > /dev/null\"" > "$out/live-$size-slow.txt" 2>&1 || true
    python3 - "$out/live-$size-fast.json" "$out/live-$size-slow.json" "$size" <<'PY' | tee -a "$summary" || true
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
target = 0.5 if size >= 300000 else 0.8 if size >= 100000 else 3.0
r = ratio("tcpdoctor states", "ss -tan | awk")
print(f"states / (ss -tan | awk) = {r:.2f}  (target <= {target})  {'MET' if r <= target else 'MISSED'}")
r2 = res["ss -tanp"]["median"] / res["tcpdoctor list -p"]["median"]
print(f"(ss -tanp) / (list -p)   = {r2:.1f}x faster" + ("  (target >= 10x at 300k)" if size >= 300000 else ""))
print(f"states / (netstat -ant | awk) = {ratio('tcpdoctor states', 'netstat -ant | awk'):.2f}")
PY
    rm -rf "$out/fifos.$ns"
done
echo "summary: $summary"
