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
# Compile the holder once (the source launcher would compile it in every holder).
"$jdk/bin/javac" -d "$out/holder" "$here/Holder.java"

ns="td-bench-$$"
pids=()
cleanup() {
    for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
}
trap cleanup EXIT INT TERM

awk_count='{++S[$1]} END {for (a in S) print a, S[a]}'
netstat_awk='/^tcp/ {++S[$6]} END {for (a in S) print a, S[a]}'

summary="$out/live-summary.txt"
: > "$summary"

for size in "${sizes[@]}"; do
    cleanup; pids=()
    ip netns add "$ns"
    ip -n "$ns" link set lo up
    ip netns exec "$ns" sysctl -qw net.ipv4.ip_local_port_range="1024 65535" net.ipv4.tcp_max_tw_buckets=2000000 net.core.somaxconn=65535
    # Population: 60% ESTABLISHED, 20% TIME_WAIT, 10% CLOSE_WAIT + 10% FIN_WAIT2.
    est_pairs=$((size * 30 / 100)); cw_pairs=$((size * 10 / 100)); tw=$((size * 20 / 100))
    per=9000; i=0; fifo_dir="$out/fifos.$$"; mkdir -p "$fifo_dir"
    start_holder() { # mode count addr
        local f="$fifo_dir/h$i"; mkfifo "$f"
        # The holder holds its population until this sleep (its stdin) ends or its TTL passes.
        (sleep 1800 > "$f" &)
        ip netns exec "$ns" "$jdk/bin/java" -Xmx256m -XX:TieredStopAtLevel=1 -cp "$out/holder" Holder "$1" "$2" "$3" 1800 < "$f" > "$fifo_dir/r$i" &
        pids+=($!); i=$((i + 1))
    }
    addr() { # n -> a loopback address of the chosen family
        case "$FAMILY" in 4) echo "127.0.$(($1 / 250)).$(($1 % 250 + 1))" ;; 6) echo "::1" ;;
            *) if [ $(($1 % 2)) = 0 ]; then echo "127.0.$(($1 / 250)).$(($1 % 250 + 1))"; else echo "::1"; fi ;; esac
    }
    n=0
    left=$est_pairs; while [ $left -gt 0 ]; do c=$((left < per ? left : per)); start_holder est $c "$(addr $n)"; left=$((left - c)); n=$((n + 1)); done
    left=$cw_pairs; while [ $left -gt 0 ]; do c=$((left < per ? left : per)); start_holder cw $c "$(addr $n)"; left=$((left - c)); n=$((n + 1)); done
    left=$tw; while [ $left -gt 0 ]; do c=$((left < 20000 ? left : 20000)); start_holder tw $c "$(addr $n)"; left=$((left - c)); n=$((n + 1)); done
    # Wait (bounded) until every holder reports READY.
    for _ in $(seq 1 600); do
        ready=$(cat "$fifo_dir"/r* 2>/dev/null | grep -c READY || true)
        [ "$ready" -ge "$i" ] && break
        sleep 0.5
    done
    [ "$ready" -ge "$i" ] || { echo "live-bench: population not ready ($ready/$i holders)" >&2; exit 1; }
    actual=$(ip netns exec "$ns" ss -tanH | wc -l)
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
    rm -rf "$fifo_dir"
done
echo "summary: $summary"
